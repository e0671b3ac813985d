import { parseMountinfo } from './mountinfo.parser';

describe(parseMountinfo.name, () => {
  it('reads mount points, bind sources and types, decoding octal escapes', () => {
    const text = [
      '63 43 0:39 / /proc rw,relatime - proc proc rw',
      '64 43 254:0 /tmp/x/hosts.src /etc/hosts rw,relatime shared:1 - ext4 /dev/vda rw',
      '65 43 0:40 / /data\\040dir rw - tmpfs tmpfs rw',
      'garbage line',
      '',
    ].join('\n');
    expect(parseMountinfo(text)).toEqual([
      { mountPoint: '/proc', source: '/', fsType: 'proc' },
      { mountPoint: '/etc/hosts', source: '/tmp/x/hosts.src', fsType: 'ext4' },
      { mountPoint: '/data dir', source: '/', fsType: 'tmpfs' },
    ]);
  });
});
