import type { ComponentProps, ReactNode } from 'react';
import { Link } from 'react-router';
import { Ml } from '../../../components/Ml';

interface Linked {
  id: number;
  slug: string;
  title: ComponentProps<typeof Ml>['text'];
}

/**
 * Participation's lists of surveys, budgets and processes: a card per item, its title linking to its page
 * (`/{tenant}/{path}/{slug}`), then whatever `more` adds under it (a survey's status and count).
 */
export function CardLinks<T extends Linked>({ tenant, path, items, more }: { tenant: string | undefined; path: 'surveys' | 'budgets' | 'processes'; items: readonly T[]; more?: (item: T) => ReactNode }) {
  return (
    <ul className="pp-list">
      {items.map((item) => (
        <li key={item.id} className="pp-card">
          <Link to={`/${tenant}/${path}/${item.slug}`}><Ml text={item.title} /></Link>
          {more?.(item)}
        </li>
      ))}
    </ul>
  );
}
