import type { GroupSelector } from '@fsmon/contracts';
import { groupsFor, isHostGroup, SelectableContainer, selectsContainer } from './group.selector';

const web: SelectableContainer = {
  id: 'c0ffee',
  name: 'shop-web-1',
  image: 'docker.io/library/nginx:1.25',
  labels: { app: 'shop', tier: 'web' },
};

describe(selectsContainer.name, () => {
  it.each<[string, Partial<GroupSelector>, boolean]>([
    ['no criteria selects nothing', {}, false],
    ['all-empty criteria select nothing', { ids: [], names: [], images: [], labels: {} }, false],
    ['exact id', { ids: ['c0ffee'] }, true],
    ['other id', { ids: ['beef'] }, false],
    ['exact name', { names: ['shop-web-1'] }, true],
    ['name wildcard', { names: ['shop-*'] }, true],
    ['name wildcard in the middle', { names: ['shop-*-1'] }, true],
    ['name is not a substring match', { names: ['web'] }, false],
    ['any of several names', { names: ['db-*', '*-web-*'] }, true],
    ['image wildcard across / and :', { images: ['*nginx:*'] }, true],
    ['image exact mismatch', { images: ['nginx:1.25'] }, false],
    ['wildcard chars other than * are literal', { names: ['shop.web.1'] }, false],
    ['all labels equal', { labels: { app: 'shop', tier: 'web' } }, true],
    ['one label differs', { labels: { app: 'shop', tier: 'db' } }, false],
    ['a label is missing', { labels: { owner: 'x' } }, false],
    ['an inherited property is not a label', { labels: { constructor: 'x' } }, false],
    ['every used criterion must hold', { names: ['shop-*'], images: ['redis*'] }, false],
    ['every used criterion holds', { ids: ['c0ffee'], names: ['shop-*'], images: ['*nginx*'], labels: { app: 'shop' } }, true],
  ])('%s', (_, selector, expected) => {
    expect(selectsContainer(selector, web)).toBe(expected);
  });
});

describe(groupsFor.name, () => {
  const groups = [
    { name: 'nodes', selector: { names: ['*'] } },
    { name: 'shop', selector: { labels: { app: 'shop' } } },
    { name: 'gone', selector: { names: ['*'] }, deleted: true },
    { name: 'all', selector: { names: ['*'] } },
    { name: 'none', selector: {} },
  ];

  it('gives the host only the reserved group nodes, whatever the selectors say', () => {
    expect(groupsFor(groups, null)).toEqual(['nodes']);
    expect(isHostGroup('nodes')).toBe(true);
    expect(isHostGroup('nv.web')).toBe(false);
  });

  it('gives a container every live selecting group except nodes', () => {
    expect(groupsFor(groups, web)).toEqual(['shop', 'all']);
  });
});
