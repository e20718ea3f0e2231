// The image tests (npm run test:image): they build and boot a root file system as root, so they
// get minutes instead of the main suite's two, and the boot test is not part of `npm test`.
export default {
  files: ['test/image/**/*.test.ts', 'test/image/**/*.image-test.ts'],
  extensions: { ts: 'module' },
  nodeArguments: ['--import=tsx'],
  timeout: '10m',
  workerThreads: false,
  concurrency: 1,
};
