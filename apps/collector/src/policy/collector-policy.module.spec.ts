import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { makeTmpDir, type TmpDir } from '@fsmon/testing';
import { group } from '../../test/policy/policy.fixtures';
import { CollectorPolicyModule } from './collector-policy.module';
import { POLICY_INTAKE, POLICY_STORE } from './policy.di-tokens';
import { PolicyFileError } from './policy.errors';
import type { PolicyIntake } from './policy.intake';
import type { PolicyStore } from './policy.store';

describe(CollectorPolicyModule.name, () => {
  let tmp: TmpDir;
  beforeEach(() => (tmp = makeTmpDir('policy-module-')));
  afterEach(() => tmp.remove());

  const app = (policyFile: string) =>
    Test.createTestingModule({
      imports: [CollectorPolicyModule.forRootAsync({ useFactory: () => ({ collectorId: 'c', policyFile, defaultMode: 'Monitor' as const, bootWaitMs: 0 }) })],
    })
      .setLogger({ log: () => undefined, warn: () => undefined, error: () => undefined })
      .compile();

  it('loads POLICY_FILE at init, without Kafka', async () => {
    const file = join(tmp.path, 'policy.json');
    writeFileSync(file, JSON.stringify([group('web', { revision: 4, selector: { images: ['nginx:*'] }, mode: 'Protect' })]));
    const moduleRef = await app(file);
    await moduleRef.init();
    const intake = moduleRef.get<PolicyIntake>(POLICY_INTAKE);
    await intake.ready;
    const store = moduleRef.get<PolicyStore>(POLICY_STORE);
    expect(store.resolve({ id: 'x', name: 'x', image: 'nginx:1', labels: {} })).toMatchObject({ groups: ['web'], mode: 'Protect', revision: 4 });
    expect(store.resolve({ id: 'y', name: 'y', image: 'redis', labels: {} })).toMatchObject({ builtIn: true, mode: 'Monitor' });
    expect(intake.health()).toMatchObject({ up: true, details: { source: 'file' } });
    await moduleRef.close();
  });

  it('fails the boot on a bad policy file, naming the problem', async () => {
    const file = join(tmp.path, 'bad.json');
    writeFileSync(file, '[{"name": 1}]');
    const moduleRef = await app(file);
    await expect(moduleRef.init()).rejects.toThrow(PolicyFileError);
    await expect(moduleRef.init()).rejects.toThrow(/0\.revision/);
  });
});
