export * from './dask-environment';
export * from './dask-scheduler';
export * from './dask-worker-group';
export * from './jupyter';
export * from './jupyter-config';
export * from './labels';
export * from './monitoring';
export * from './worker-args';
