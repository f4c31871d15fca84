import { expect, test } from 'vitest';
import { checkLocalName, defaultLocalName, localServersHome } from './local-home.js';

test('local servers live in the user data directory', () => {
  expect(localServersHome({ XDG_DATA_HOME: '/tmp/data', HOME: '/home/me' }, 'linux')).toBe(
    '/tmp/data/pum/local',
  );
  expect(localServersHome({ HOME: '/home/me' }, 'linux')).toBe('/home/me/.local/share/pum/local');
  expect(localServersHome({ HOME: '/Users/me' }, 'darwin')).toBe('/Users/me/.local/share/pum/local');
  expect(localServersHome({ LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local' }, 'win32')).toBe(
    'C:\\Users\\me\\AppData\\Local\\pum\\local',
  );
});

test('default names come from the module, or the project of a PUM 0.x delta directory', () => {
  expect(defaultLocalName({ layout: 'pum1', name: 'water_network', roots: ['/x/water-network'] })).toBe(
    'water_network',
  );
  expect(defaultLocalName({ layout: 'pum0', name: 'delta', roots: ['/src/qwat/update/delta'] })).toBe('qwat');
  expect(defaultLocalName({ layout: 'pum0', name: 'delta', roots: ['/src/water-network-pum0/delta'] })).toBe(
    'water-network-pum0',
  );
  expect(defaultLocalName({ layout: 'pum1', name: 'Mon Modèle', roots: ['/m'] })).toBe('mon_mod_le');
});

test('names are checked: they name a directory and a database', () => {
  expect(checkLocalName('tww-dev_2')).toBe('tww-dev_2');
  expect(() => checkLocalName('../etc')).toThrow(expect.objectContaining({ code: 'PUM_INVALID_ARGUMENT' }));
  expect(() => checkLocalName('')).toThrow(/not a usable name/);
});
