import { Logger, Module, type DynamicModule, type FactoryProvider, type InjectionToken, type ModuleMetadata, type Provider } from '@nestjs/common';
import {
  PROTECT_AUDIT_SINK,
  PROTECT_DECISION_HOOK,
  PROTECT_LEARNED_RULES_SINK,
  PROTECT_OPTIONS,
  PROTECT_POLICY_SOURCE,
  PROTECT_PROC_LOOKUP,
  PROTECT_RAW_EVENT_SINK,
  PROTECT_SERVICE,
  PROTECT_USER_NAMES,
} from './protect.di-tokens';
import type { ProtectOptions } from './protect.env';
import type { DecisionHook, EnforcementAuditSink, LearnedRulesSink, ProcLookup, ProtectPolicySource, RawEventSink, UserNames } from './protect.ports';
import { ProtectService } from './protect.service';

/** Which existing providers play the module's ports (each is bound with useExisting). */
export interface ProtectPorts {
  /** The PolicyStore (POLICY_STORE). */
  readonly policies: InjectionToken;
  /** The RawEventPublisher. */
  readonly rawEvents: InjectionToken;
  /** The LearnedRulesPublisher. */
  readonly learnedRules: InjectionToken;
  /** The process resolver (ProcInfoResolver), optional: without it reports carry what the permission worker read. */
  readonly procs?: InjectionToken;
  /** User names per workload (PasswdCache), optional: without it reports carry no user name. */
  readonly users?: InjectionToken;
  readonly decisionHook?: InjectionToken;
  readonly audit?: InjectionToken;
}

export interface CollectorProtectModuleOptions {
  readonly imports?: ModuleMetadata['imports'];
  readonly inject?: FactoryProvider['inject'];
  readonly useFactory: (...args: never[]) => ProtectOptions | Promise<ProtectOptions>;
  readonly ports: ProtectPorts;
}

/**
 * Protect (blocking) and Discover (learning): provides PROTECT_SERVICE (ProtectService, started on
 * module init, stopped on destroy). The watcher calls `upsert`/`remove` per workload, asks
 * `notificationOpens` before marking FAN_OPEN, and passes FAN_OPEN events to `observeOpen`.
 */
@Module({})
export class CollectorProtectModule {
  static forRootAsync(options: CollectorProtectModuleOptions): DynamicModule {
    const p = options.ports;
    const optional: Provider[] = [
      ...(p.procs ? [{ provide: PROTECT_PROC_LOOKUP, useExisting: p.procs }] : []),
      ...(p.users ? [{ provide: PROTECT_USER_NAMES, useExisting: p.users }] : []),
      ...(p.decisionHook ? [{ provide: PROTECT_DECISION_HOOK, useExisting: p.decisionHook }] : []),
      ...(p.audit ? [{ provide: PROTECT_AUDIT_SINK, useExisting: p.audit }] : []),
    ];
    return {
      module: CollectorProtectModule,
      imports: options.imports ?? [],
      providers: [
        { provide: PROTECT_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        { provide: PROTECT_POLICY_SOURCE, useExisting: p.policies },
        { provide: PROTECT_RAW_EVENT_SINK, useExisting: p.rawEvents },
        { provide: PROTECT_LEARNED_RULES_SINK, useExisting: p.learnedRules },
        ...optional,
        {
          provide: PROTECT_SERVICE,
          inject: [
            PROTECT_OPTIONS,
            PROTECT_POLICY_SOURCE,
            PROTECT_RAW_EVENT_SINK,
            PROTECT_LEARNED_RULES_SINK,
            { token: PROTECT_PROC_LOOKUP, optional: true },
            { token: PROTECT_USER_NAMES, optional: true },
            { token: PROTECT_DECISION_HOOK, optional: true },
            { token: PROTECT_AUDIT_SINK, optional: true },
          ],
          useFactory: (
            o: ProtectOptions,
            policies: ProtectPolicySource,
            rawEvents: RawEventSink,
            learnedRules: LearnedRulesSink,
            procs?: ProcLookup,
            users?: UserNames,
            hook?: DecisionHook,
            audit?: EnforcementAuditSink,
          ) => new ProtectService({ options: o, policies, rawEvents, learnedRules, procs, users, hook, audit, logger: new Logger(ProtectService.name) }),
        },
      ],
      exports: [PROTECT_SERVICE],
    };
  }
}
