import { pumPackage } from '@pum/build-config/tsup';
import { defineConfig } from 'tsup';

// Code splitting keeps each command's implementation in its own chunk, loaded only when it runs.
export default defineConfig(pumPackage({ splitting: true }));
