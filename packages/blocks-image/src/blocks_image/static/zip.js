// A zip archive of files, stored without compression (images and videos are
// compressed already): the Gallery's "download all". Imported on first use only.

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes) {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i += 1) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function header(size) {
  const buffer = new ArrayBuffer(size);
  return { bytes: new Uint8Array(buffer), view: new DataView(buffer) };
}

// `entries`: [{name, bytes: Uint8Array}] -> a Blob of type application/zip.
export function zip(entries) {
  const encoder = new TextEncoder();
  const parts = [];
  const central = [];
  let offset = 0;
  const used = new Set();
  for (const entry of entries) {
    let name = entry.name || "file";
    for (let n = 2; used.has(name); n += 1) name = name.replace(/(\.[^.]*)?$/, ` (${n})$1`);
    used.add(name);
    const nameBytes = encoder.encode(name);
    const crc = crc32(entry.bytes);
    const size = entry.bytes.length;
    const local = header(30);
    local.view.setUint32(0, 0x04034b50, true);
    local.view.setUint16(4, 20, true);
    local.view.setUint16(6, 0x0800, true); // names in UTF-8
    local.view.setUint32(14, crc, true);
    local.view.setUint32(18, size, true);
    local.view.setUint32(22, size, true);
    local.view.setUint16(26, nameBytes.length, true);
    parts.push(local.bytes, nameBytes, entry.bytes);
    const record = header(46);
    record.view.setUint32(0, 0x02014b50, true);
    record.view.setUint16(4, 20, true);
    record.view.setUint16(6, 20, true);
    record.view.setUint16(8, 0x0800, true);
    record.view.setUint32(16, crc, true);
    record.view.setUint32(20, size, true);
    record.view.setUint32(24, size, true);
    record.view.setUint16(28, nameBytes.length, true);
    record.view.setUint32(42, offset, true);
    central.push(record.bytes, nameBytes);
    offset += 30 + nameBytes.length + size;
  }
  const centralSize = central.reduce((sum, part) => sum + part.length, 0);
  const end = header(22);
  end.view.setUint32(0, 0x06054b50, true);
  end.view.setUint16(8, entries.length, true);
  end.view.setUint16(10, entries.length, true);
  end.view.setUint32(12, centralSize, true);
  end.view.setUint32(16, offset, true);
  return new Blob([...parts, ...central, end.bytes], { type: "application/zip" });
}
