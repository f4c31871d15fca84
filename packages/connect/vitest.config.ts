import { pumVitest } from '@pum/build-config/vitest';
import { defineConfig } from 'vitest/config';

export default defineConfig(pumVitest(import.meta.url));
