// Writes a catalogue in the kassa format with N products: valid EAN-13s, UTF-8
// names with quotes and commas, prices and stock. Deterministic (seeded).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

function ean13(body12) {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (body12.charCodeAt(11 - i) - 48) * (i % 2 === 0 ? 3 : 1);
  return body12 + String((10 - (sum % 10)) % 10);
}

const WORDS = ['Kaas', 'Melk', 'Brood', 'Crème', 'Appel', 'Koffie', 'Thee', 'Zeep', 'Bier', 'Wijn', 'Chips', 'Pindakaas', 'Jus d’orange', 'Müsli', 'Paté'];

export async function generateCatalogue(path, n, seed = 1) {
  let x = seed >>> 0 || 1;
  const rnd = (m) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % m;
  };
  const ws = createWriteStream(path);
  let buf = 'sku,barcode,name,category,unit,price,vat,cost,stock,reorder_point,reorder_qty,supplier\n';
  for (let i = 0; i < n; i++) {
    const barcode = ean13('871' + String(i).padStart(9, '0'));
    const name = `${WORDS[rnd(WORDS.length)]} ${WORDS[rnd(WORDS.length)]} ""Extra"", ${50 + rnd(950)} g`;
    const cents = rnd(10000);
    const cost = rnd(5000);
    buf += `SKU${String(i).padStart(7, '0')},${barcode},"${name}",Cat${i % 50},piece,${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')},${i % 7 === 0 ? 'low' : 'high'},${Math.trunc(cost / 100)}.${String(cost % 100).padStart(2, '0')},${rnd(200)},5,20,Leverancier ${i % 30}\n`;
    if (buf.length > 1 << 20) {
      if (!ws.write(buf)) await once(ws, 'drain');
      buf = '';
    }
  }
  ws.end(buf);
  await once(ws, 'finish');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path, n] = process.argv.slice(2);
  await generateCatalogue(path, Number(n));
}
