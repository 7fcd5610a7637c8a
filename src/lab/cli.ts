/**
 * Standalone entry of the lab (`node dist/lab/cli.js <topology> …`, run by `npm run lab -- …`);
 * `isthmus lab …` reaches the same runLabCli through src/cli/main.ts.
 */
import { runLabCli } from './run-cli';

runLabCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`isthmus lab: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
