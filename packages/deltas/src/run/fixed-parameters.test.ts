import { isPumError } from '@pum/core';
import { describe, expect, it } from 'vitest';
import type { Pum1Parameter } from '../module/pum1/index.js';
import { checkFixedParameters, recordedParameters } from './fixed-parameters.js';

const declared: Pum1Parameter[] = [
  { name: 'SRID', type: 'integer', appOnly: false },
  { name: 'lang', type: 'text', appOnly: true },
  { name: 'webgis', type: 'boolean', appOnly: false },
];

describe('checkFixedParameters', () => {
  it('accepts the installed values, in PUM’s JSON types or ours as text', () => {
    expect(() =>
      checkFixedParameters(
        declared,
        { SRID: 2056, webgis: false },
        {
          SRID: { type: 'integer', value: '2056' },
          webgis: { type: 'boolean', value: false },
        },
      ),
    ).not.toThrow();
    expect(() =>
      checkFixedParameters(
        declared,
        { SRID: '2056', webgis: 'false' },
        {
          SRID: { type: 'integer', value: '2056' },
          webgis: { type: 'boolean', value: false },
        },
      ),
    ).not.toThrow();
  });

  it('lets app_only values change, and ignores parameters the install did not record', () => {
    expect(() =>
      checkFixedParameters(
        declared,
        { SRID: '2056', lang: 'en' },
        {
          SRID: { type: 'integer', value: '2056' },
          lang: { type: 'text', value: 'fr' },
          webgis: { type: 'boolean', value: true },
        },
      ),
    ).not.toThrow();
  });

  it('accepts anything when nothing was recorded', () => {
    expect(() => checkFixedParameters(declared, undefined, {})).not.toThrow();
  });

  it('refuses changed or missing values, naming each with its installed value', () => {
    let caught: unknown;
    try {
      checkFixedParameters(
        declared,
        { SRID: '2056', webgis: true },
        { SRID: { type: 'integer', value: '21781' } },
      );
    } catch (error) {
      caught = error;
    }
    expect(isPumError(caught)).toBe(true);
    expect(caught).toMatchObject({
      code: 'PUM_INVALID_ARGUMENT',
      message:
        'parameter values differ from those the module was installed with:\n' +
        '  SRID: installed with "2056", given "21781"\n' +
        '  webgis: installed with "true", given nothing',
      hint: 'give the installed values again (-p SRID 2056 -p webgis true); only parameters declared app_only may change after install',
    });
  });
});

describe('recordedParameters', () => {
  it('records every given value as text', () => {
    expect(
      recordedParameters({
        SRID: { type: 'integer', value: '2056' },
        webgis: { type: 'boolean', value: false },
        comment: undefined,
      }),
    ).toEqual({ SRID: '2056', webgis: 'false' });
  });
});
