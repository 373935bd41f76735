import { unknownFields } from '../charts/validate/unknown-fields';
import { schemaCheckFor, SchemaCheck } from '../charts/validate/model-registry';

function deployment(variables: number): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'w', labels: { 'app.kubernetes.io/name': 'dask' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'w' } },
      template: {
        metadata: { labels: { app: 'w' } },
        spec: {
          containers: [{
            name: 'w',
            image: 'ghcr.io/dask/dask:2025.11.0',
            resources: { limits: { memory: '1G' } },
            env: Array.from({ length: variables }, (_, i) => ({ name: `V${i}`, value: String(i) })),
          }],
        },
      },
    },
  };
}

function counting(check: SchemaCheck): { check: SchemaCheck; calls: () => number } {
  let calls = 0;
  return { check: (data) => (calls++, check(data)), calls: () => calls };
}

describe('unknownFields', () => {
  const check = schemaCheckFor('apps/v1', 'Deployment')!;

  test('finds undeclared keys at any depth, and none inside maps such as labels and limits', () => {
    const data = deployment(3) as any;
    data.spec.template.spec.containers[0].env[1].nmae = 'typo';
    data.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    data.spec.strategy = { type: 'Recreate', rollingUpdates: {} };
    expect(unknownFields(check, data)).toEqual([
      ['spec', 'template', 'spec', 'containers', 0, 'env', 1, 'nmae'],
      ['spec', 'template', 'spec', 'containers', 0, 'imagePullPolicyy'],
      ['spec', 'strategy', 'rollingUpdates'],
    ]);
  });

  test('leaves the data as it was', () => {
    const data = deployment(3);
    const before = JSON.stringify(data);
    unknownFields(check, data);
    expect(JSON.stringify(data)).toBe(before);
  });

  test('validates as often for 5000 environment variables as for 5: linear time, not once per key', () => {
    const few = counting(check);
    unknownFields(few.check, deployment(5));
    const many = counting(check);
    unknownFields(many.check, deployment(5000));
    expect(many.calls()).toBe(few.calls());
  });
});
