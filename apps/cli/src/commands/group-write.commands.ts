import type { GroupPolicy, PolicyMode } from '@fsmon/contracts';
import { list, str } from '../cli-args';
import { CliError, EXIT } from '../cli-error';
import type { Command } from '../command';
import type { FilterView } from '../format/group.format';
import type { PolicyClient } from '../policy-client';
import { seg } from '../policy-client';
import { changeSummary, policyApi } from './policy-api';

const MODES: readonly PolicyMode[] = ['Discover', 'Monitor', 'Protect'];

/** Discover / monitor / PROTECT → the API's spelling, or a usage error listing the modes. */
export function parseMode(text: string): PolicyMode {
  const mode = MODES.find((m) => m.toLowerCase() === text.toLowerCase());
  if (!mode) throw new CliError(`unknown mode "${text}": expected ${MODES.join(', ')}`, EXIT.usage);
  return mode;
}

function parseFailMode(text: string | undefined): 'open' | 'closed' | undefined {
  if (text === undefined || text === 'open' || text === 'closed') return text;
  throw new CliError(`--fail-mode: expected open or closed, got "${text}"`, EXIT.usage);
}

/** `k=v` label flags as a map; a flag without `=` is a usage error. */
export function parseLabels(flags: string[]): Record<string, string> {
  return Object.fromEntries(
    flags.map((l) => {
      const at = l.indexOf('=');
      if (at <= 0) throw new CliError(`--label: expected key=value, got "${l}"`, EXIT.usage);
      return [l.slice(0, at), l.slice(at + 1)];
    }),
  );
}

/**
 * A filter of the group named as the user typed it (`/etc/app.conf`) or by its key
 * (`/etc/app\.conf/`), with the group's ETag for If-Match on the change that follows.
 */
async function findFilter(api: PolicyClient, group: string, wanted: string): Promise<{ view: FilterView; etag?: string }> {
  const { body, etag } = await api.get<FilterView[]>(`/groups/${seg(group)}/filters`);
  const view = body.find((v) => v.filter.filter === wanted || v.key === wanted);
  if (view) return { view, etag };
  const custom = body.filter((v) => v.filter.customerAdd).map((v) => v.filter.filter || v.key);
  throw new CliError(`group ${group} has no filter "${wanted}"${custom.length ? `; its custom filters: ${custom.join(', ')}` : ' (and no custom filters)'}`, EXIT.dataErr);
}

export const groupCreate: Command = {
  words: ['group', 'create'],
  args: ['group'],
  summary: 'create a group (it gets the default filters) that selects containers by name, image, id or label',
  options: { name: { type: 'string', multiple: true }, image: { type: 'string', multiple: true }, id: { type: 'string', multiple: true }, label: { type: 'string', multiple: true }, mode: { type: 'string' } },
  help: ['--name N, --image I, --id ID, --label k=v   what the group selects (repeatable; * wildcards in names and images)', '--mode M   Discover (default), Monitor or Protect'],
  async run({ args: [name], flags, sources, io }) {
    const mode = str(flags, 'mode');
    const selector = { names: list(flags, 'name'), images: list(flags, 'image'), ids: list(flags, 'id'), labels: parseLabels(list(flags, 'label')) };
    const r = await policyApi(sources).call<GroupPolicy>('POST', '/groups', { name, selector, ...(mode ? { mode: parseMode(mode) } : {}) });
    if (flags.json === true) return io.out(JSON.stringify(r.body, null, 2));
    io.out(`group ${r.body.name} created in ${r.body.profile.mode} mode with ${r.body.profile.filters.length} filters; ${changeSummary(r)}`);
  },
};

export const groupMode: Command = {
  words: ['group', 'mode'],
  args: ['group', 'mode'],
  summary: "switch a group's mode: Discover (learn apps), Monitor (report) or Protect (block)",
  async run({ args: [name, modeText], flags, sources, io }) {
    const mode = parseMode(modeText);
    const r = await policyApi(sources).call<GroupPolicy>('PUT', `/groups/${seg(name)}/mode`, { mode });
    if (flags.json === true) return io.out(JSON.stringify(r.body, null, 2));
    io.out(`group ${name} is now in ${r.body.profile.mode} mode; ${changeSummary(r)}`);
  },
};

export const groupFilterAdd: Command = {
  words: ['group', 'filter', 'add'],
  args: ['group', 'pattern'],
  summary: 'add a custom filter (/dir/file, /dir/*.conf, /dir/); --block makes Protect deny apps not allowed',
  options: { recursive: { type: 'boolean' }, block: { type: 'boolean' }, allow: { type: 'string', multiple: true }, 'fail-mode': { type: 'string' } },
  help: [
    '--block           block_access: in Protect mode only the allowed apps may open the files',
    '--allow APP       an allowed app: exe path (/usr/bin/cat), base name or process name (repeatable)',
    '--recursive       also the sub-directories',
    '--fail-mode M     open (default) or closed: the verdict when no decision can be made',
  ],
  async run({ args: [name, pattern], flags, sources, io }) {
    const failMode = parseFailMode(str(flags, 'fail-mode'));
    const body = {
      pattern,
      recursive: flags.recursive === true,
      behavior: flags.block === true ? 'block_access' : 'monitor_change',
      apps: list(flags, 'allow'),
      ...(failMode ? { failMode } : {}),
    };
    const r = await policyApi(sources).call<FilterView>('POST', `/groups/${seg(name)}/filters`, body);
    if (flags.json === true) return io.out(JSON.stringify(r.body, null, 2));
    const apps = r.body.accessRule?.apps ?? [];
    io.out(`filter ${r.body.filter.filter} (key ${r.body.key}) added to ${name}: ${r.body.filter.behavior}, allowed apps: ${apps.length ? apps.join(', ') : '(none)'}; ${changeSummary(r)}`);
  },
};

export const groupFilterRemove: Command = {
  words: ['group', 'filter', 'remove'],
  args: ['group', 'filter'],
  summary: 'remove a custom filter and its access rule',
  async run({ args: [name, wanted], sources, io }) {
    const api = policyApi(sources);
    const { view, etag } = await findFilter(api, name, wanted);
    const r = await api.call<null>('DELETE', `/groups/${seg(name)}/filters/${seg(view.key)}`, undefined, etag);
    io.out(`filter ${view.filter.filter || view.key} removed from ${name}; ${changeSummary(r)}`);
  },
};

export const groupRulesSet: Command = {
  words: ['group', 'rules', 'set'],
  args: ['group', 'filter'],
  summary: 'set the apps allowed on a custom filter (replaces the list; --none allows no app)',
  options: { allow: { type: 'string', multiple: true }, none: { type: 'boolean' }, 'fail-mode': { type: 'string' } },
  help: ['--allow APP   exe path, base name or process name (repeatable)', '--none        no app is allowed', '--fail-mode M open or closed'],
  async run({ args: [name, wanted], flags, sources, io }) {
    const apps = list(flags, 'allow');
    if (apps.length === 0 && flags.none !== true) throw new CliError('give the allowed apps with --allow APP (repeatable), or --none to allow no app', EXIT.usage);
    if (apps.length > 0 && flags.none === true) throw new CliError('--none and --allow exclude each other', EXIT.usage);
    const failMode = parseFailMode(str(flags, 'fail-mode'));
    const api = policyApi(sources);
    const { view, etag } = await findFilter(api, name, wanted);
    const r = await api.call<{ apps: string[] }>('PUT', `/groups/${seg(name)}/access-rules/${seg(view.key)}`, { apps, ...(failMode ? { failMode } : {}) }, etag);
    if (flags.json === true) return io.out(JSON.stringify(r.body, null, 2));
    io.out(`${name} ${view.filter.filter || view.key}: allowed apps ${r.body.apps.length ? r.body.apps.join(', ') : '(none)'}; ${changeSummary(r)}`);
  },
};
