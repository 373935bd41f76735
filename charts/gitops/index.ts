export * from './argocd';
export * from './flux';
export * from './gitops-sync';
export * from './names';
export * from './worker-replicas';
