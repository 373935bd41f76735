// Runs before every test file. Tests reach nothing beyond 127.0.0.1: should any code path
// build a Google client without a test server of its own, it gets a dead loopback
// address, and google-auth-library is told not to look for the GCE metadata server.
process.env.GKE_ENDPOINT ??= '127.0.0.1:1';
process.env.RESOURCE_MANAGER_ENDPOINT ??= '127.0.0.1:1';
process.env.STORAGE_EMULATOR_HOST ??= 'http://127.0.0.1:1';
process.env.METADATA_SERVER_DETECTION = 'none';
