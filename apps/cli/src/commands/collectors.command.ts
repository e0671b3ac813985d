import type { Command } from '../command';
import { type CollectorRow, formatCollectors } from '../format/collectors.format';
import { policyApi } from './policy-api';

export const collectors: Command = {
  words: ['collectors'],
  args: [],
  summary: 'list the collectors: state, policy revision applied, workloads watched, drops',
  async run({ flags, sources, io }) {
    const { body } = await policyApi(sources).get<{ revision: number; collectors: CollectorRow[] }>('/collectors');
    if (flags.json === true) return io.out(JSON.stringify(body, null, 2));
    for (const line of formatCollectors(body.collectors, Date.now())) io.out(line);
  },
};
