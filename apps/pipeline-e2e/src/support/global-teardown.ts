import { sharedBuild } from './app.build';

export default function globalTeardown(): void {
  sharedBuild()?.remove();
}
