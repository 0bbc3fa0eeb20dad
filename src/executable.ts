// Entry of the standalone executable (npm run build:bin): the CLI's main, then one exit.
import { main } from './cli.js';

main(process.argv.slice(2)).then((code) => process.exit(code));
