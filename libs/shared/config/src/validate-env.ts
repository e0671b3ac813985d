import { z } from 'zod';

/** Thrown at boot when the environment is invalid; `problems` lists every bad variable at once. */
export class ConfigError extends Error {
  constructor(
    readonly app: string,
    readonly problems: readonly string[],
  ) {
    super(`${app}: invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates an environment against a zod object schema whose keys are the variable names, and
 * returns the parsed (typed, defaulted) values. Unknown variables are ignored; every invalid or
 * missing one is reported together, with the value it had, so one restart fixes them all.
 */
export function validateEnv<S extends z.ZodObject>(
  app: string,
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '(env)');
    const value = env[name];
    const shown = value === undefined ? 'unset' : `"${redact(name, value)}"`;
    return `${name}=${shown}: ${issue.message}`;
  });
  throw new ConfigError(app, problems);
}

const SECRET_NAME = /(TOKENS?|SECRET|PASSWORD|PASSWD|API_KEY|PRIVATE_KEY)$/i;

/** Secrets never appear in errors or logs: secret-named variables, and credentials inside URLs. */
export function redact(name: string, value: string): string {
  if (SECRET_NAME.test(name)) return '***';
  return value.replace(/(:\/\/)[^/@\s]*@/, '$1***@');
}
