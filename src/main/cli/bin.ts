/**
 * The `kula-console` executable: the entry scripts/build-cli.mjs bundles into
 * out/cli/kula-console.cjs, which bin/kula-console.cjs (a checkout) and the installed app's
 * launcher run.
 */
import { cliDriver } from '../core/app-files';
import { main } from './index';

// The installed launcher sets this to start the app's binary as Node; programs the CLI starts (a
// browser for a sign-in) must start as themselves.
delete process.env.ELECTRON_RUN_AS_NODE;

main(process.argv.slice(2), { nativeBinding: cliDriver(__dirname, process.versions) }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `kula-console: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
