import { pumPackage } from '@pum/build-config/tsup';
import { defineConfig } from 'tsup';

export default defineConfig(pumPackage());
