import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { buildProgram } from '../../src/cli/program.js';
import { systemdUnits } from '../../src/init/systemd.js';
import { testIo } from '../helpers/io.js';

const io = testIo();

function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(allCommands)];
}

const commands = allCommands(buildProgram(io, () => {}));
const options = commands.flatMap((command) => command.options.map((option) => ({ command: command.name(), option })));

async function help(...args: string[]): Promise<string> {
  let out = '';
  await main([...args, '--help'], { ...io, stdout: (t) => (out += t) });
  return out;
}

describe('help lists what the command line accepts', () => {
  it('no option is hidden: every accepted spelling (--for too) is in the help', async () => {
    expect(options.filter(({ option }) => option.hidden).map(({ command, option }) => `${command} ${option.flags}`)).toEqual([]);
    for (const command of ['probe', 'wait', 'run', 'diagnose']) expect(await help(command)).toMatch(/^ {2}--for <kind> +alias of --probe/m);
  });

  it('every duration flag says how a bare number is read', () => {
    const durations = options.filter(({ option }) => option.flags.includes('<duration>') || option.long === '--watch');
    expect(new Set(durations.map(({ option }) => option.long))).toEqual(new Set(['--timeout', '--request-timeout', '--interval', '--extend-timeout', '--watch', '--ready-after']));
    for (const { command, option } of durations) expect(`${command} ${option.flags}: ${option.description}`).toContain('a bare number is seconds');
  });

  it("wait's ExecStartPost example is the line `healthctl init systemd` prints", async () => {
    const line = systemdUnits({ target: null, probe: null, bin: 'healthctl' })
      .flatMap((unit) => unit.text.split('\n'))
      .find((l) => l.startsWith('ExecStartPost='));
    expect(line).toBeDefined();
    expect(await help('wait')).toContain(`  ${line ?? ''} `);
  });
});
