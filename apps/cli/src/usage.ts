import { usageLine } from './cli-args';
import type { Command } from './command';

const CONFIG_HELP = [
  'Configuration (flags win over variables, variables over the files `npm start` writes):',
  '  --policy-url URL    FSMON_POLICY_URL   admin API; default: <data dir>/policy-url, else http://127.0.0.1:3003',
  '  --token-file FILE   FSMON_TOKEN, FSMON_TOKEN_FILE   API token; default: <data dir>/admin-token',
  '  --brokers H:P,...   KAFKA_BROKERS      for reports tail; default: <data dir>/kafka-brokers',
  '                      FSMON_DATA_DIR     the data dir of `npm start` (default tmp/fsmon in the repository)',
  '  --json              print the API answer (or each report) as JSON',
];

export function generalHelp(commands: readonly Command[]): string[] {
  const name = (c: Command) => [...c.words, ...c.args.map((a) => `<${a}>`)].join(' ');
  const width = Math.max(...commands.map((c) => name(c).length));
  return [
    'fsmon: the file monitor from a terminal (talks to the policy admin API and the reports topic)',
    '',
    'Commands:',
    ...commands.map((c) => `  fsmon ${name(c).padEnd(width)}  ${c.summary}`),
    '',
    ...CONFIG_HELP,
    '',
    'fsmon <command> --help shows its arguments and options.',
  ];
}

export function commandHelp(c: Command): string[] {
  return [`usage: ${usageLine(c)}`, '', c.summary, ...(c.help?.length ? ['', ...c.help.map((h) => `  ${h}`)] : []), '', ...CONFIG_HELP];
}
