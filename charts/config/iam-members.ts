// cluster.admins entries in IAM's member syntax, and the Kubernetes RBAC subject
// each becomes on GKE: Google accounts and service accounts authenticate with their
// email as the user name; Google Groups arrive as group names only with Google
// Groups for RBAC (the cluster's authenticatorGroupsConfig).

export type MemberKind = 'user' | 'group' | 'serviceAccount';

export interface IamMember {
  readonly kind: MemberKind;
  readonly email: string;
}

/** `group:team@example.com` -> group; a bare address is a user, as the tutorial's --user. */
export function parseMember(entry: string): IamMember {
  const match = /^(user|group|serviceAccount):(.*)$/.exec(entry);
  return match ? { kind: match[1] as MemberKind, email: match[2] } : { kind: 'user', email: entry };
}

export interface RbacSubject {
  readonly apiGroup: 'rbac.authorization.k8s.io';
  readonly kind: 'User' | 'Group';
  readonly name: string;
}

export function subjectOf(member: IamMember): RbacSubject {
  return { apiGroup: 'rbac.authorization.k8s.io', kind: member.kind === 'group' ? 'Group' : 'User', name: member.email };
}
