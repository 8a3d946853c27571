import type { Subscription } from '../../api-types.ts';

/** A subscription's products on one line: "CX 3 × 25, WEM add-on × 25". */
export function productsText(products: Subscription['products']): string {
  return products.map((p) => `${p.name} × ${p.quantity}`).join(', ');
}
