import { validateEnv } from '@fsmon/config';
import { z } from 'zod';
import { PolicyEnv, policyOptionsFromEnv } from './policy.env';

const schema = z.object(PolicyEnv);

describe(policyOptionsFromEnv.name, () => {
  it('defaults to the policy topic, Discover for unselected containers and a 15 s boot wait', () => {
    expect(policyOptionsFromEnv(validateEnv('collector', schema, {}), 'c')).toEqual({ collectorId: 'c', policyFile: undefined, defaultMode: 'Discover', bootWaitMs: 15_000 });
  });

  it('takes a policy file and a default mode, and refuses bad ones', () => {
    const env = validateEnv('collector', schema, { POLICY_FILE: '/etc/fsmon/policy.json', DEFAULT_MODE: 'Monitor', POLICY_BOOT_WAIT_MS: '0' });
    expect(policyOptionsFromEnv(env, 'c')).toMatchObject({ policyFile: '/etc/fsmon/policy.json', defaultMode: 'Monitor', bootWaitMs: 0 });
    expect(() => validateEnv('collector', schema, { POLICY_FILE: 'policy.json', DEFAULT_MODE: 'Learn' })).toThrow(/POLICY_FILE="policy.json": expected an absolute path[\s\S]*DEFAULT_MODE="Learn"/);
  });
});
