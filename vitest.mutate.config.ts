import { configDefaults, defineConfig } from 'vitest/config';
import base from './vitest.config';

// The unit suite as Stryker runs it (docs/MUTATION.md): the same two projects, minus the chaos
// run (4 s for every covered core mutant; `npm test` and `npm run chaos` run it) and minus the
// JSON report that the fault gate reads from `npm test`.
export default defineConfig({
  test: {
    projects: (base.test?.projects ?? []).map((project) =>
      typeof project === 'object' && 'test' in project
        ? { ...project, test: { ...project.test, exclude: [...configDefaults.exclude, 'test/chaos/**'] } }
        : project,
    ),
  },
});
