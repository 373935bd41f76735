// Runs before every test file. Tests reach nothing beyond 127.0.0.1: should any code path
// build a Google client without a test server of its own, it gets a dead loopback
// address, and google-auth-library is told not to look for the GCE metadata server.
process.env.GKE_ENDPOINT ??= '127.0.0.1:1';
process.env.RESOURCE_MANAGER_ENDPOINT ??= '127.0.0.1:1';
process.env.STORAGE_ENDPOINT ??= 'http://127.0.0.1:1';
// The storage library sends to STORAGE_EMULATOR_HOST whatever endpoint a test passes it.
delete process.env.STORAGE_EMULATOR_HOST;
process.env.METADATA_SERVER_DETECTION = 'none';
