import { closedPort } from '../../helpers/http-server.js';
import { startProgram, type Started } from './process.js';

/** A stand-in database the Node services ping over TCP: stopping it (by pid) is a real outage. */
export interface Dependency {
  port: number;
  program: Started;
}

const SERVE = "const net = require('node:net'); net.createServer((s) => s.end()).listen(Number(process.argv[1]), '127.0.0.1', () => console.log('listening'));";

export async function startDependency(port?: number): Promise<Dependency> {
  const chosen = port ?? (await closedPort());
  const program = startProgram('dependency', process.execPath, ['-e', SERVE, String(chosen)]);
  await program.line(/^listening$/);
  return { port: chosen, program };
}
