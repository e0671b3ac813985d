import { parseCommandLine, usageLine } from './cli-args';
import { CliError, EXIT } from './cli-error';
import { COMMANDS } from './commands';

const parse = (argv: string[]) => parseCommandLine(argv, COMMANDS);

function usageError(argv: string[]): CliError {
  try {
    parse(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).exitCode).toBe(EXIT.usage);
    return e as CliError;
  }
  throw new Error(`expected a usage error for ${argv.join(' ')}`);
}

describe(parseCommandLine.name, () => {
  it('picks the longest matching command and names its arguments', () => {
    const p = parse(['group', 'filter', 'add', 'demo', '/etc/app.conf', '--block', '--allow', '/opt/app/cat', '--allow', 'vi']);
    expect('command' in p && p.command.words).toEqual(['group', 'filter', 'add']);
    expect('command' in p && p.args).toEqual(['demo', '/etc/app.conf']);
    expect('command' in p && p.flags).toMatchObject({ block: true, allow: ['/opt/app/cat', 'vi'] });
  });

  it('takes the global options with any command', () => {
    const p = parse(['collectors', '--policy-url', 'http://h:1', '--json']);
    expect('command' in p && p.flags).toEqual({ 'policy-url': 'http://h:1', json: true });
  });

  it('refuses unknown options, wrong argument counts and unknown commands', () => {
    expect(usageError(['reports', 'tail', '--hots', 'x']).message).toContain("Unknown option '--hots'");
    expect(usageError(['group', 'mode', 'demo']).message).toBe('usage: fsmon group mode <group> <mode>');
    expect(usageError(['group', 'mod', 'demo']).message).toMatch(/unknown command "group mod demo"; did you mean: group list/);
  });

  it('answers --help for the whole CLI and for one command', () => {
    expect(parse([])).toEqual({ help: null });
    expect(parse(['--help'])).toEqual({ help: null });
    const p = parse(['group', 'mode', '--help']);
    expect('help' in p && p.help?.words).toEqual(['group', 'mode']);
  });
});

describe(usageLine.name, () => {
  it('lists arguments and options', () => {
    const add = COMMANDS.find((c) => c.words.join(' ') === 'group filter add');
    expect(add && usageLine(add)).toBe('fsmon group filter add <group> <pattern> [--recursive] [--block] [--allow ALLOW]... [--fail-mode FAIL-MODE]');
  });
});
