/**
 * The catalog in memory: every product model of the local replica, by id, plus the search index.
 * Rebuilt when the replicated catalog changes (rare), shared by all screens.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ProductModel, ProgramTier } from '../../shared/schemas';
import { ModelSearchIndex } from '../counter/modelSearch';
import { useApp } from './context';

export interface CatalogValue {
  models: ProductModel[];
  byId: Map<string, ProductModel>;
  index: ModelSearchIndex;
  tiers: ProgramTier[];
}

const CatalogContext = createContext<CatalogValue | null>(null);

/** Provides the catalog to the tree below; subscribes to productModels and programTiers. */
export function CatalogProvider({ children }: { children: ReactNode }) {
  const { db } = useApp();
  const [models, setModels] = useState<ProductModel[]>([]);
  const [tiers, setTiers] = useState<ProgramTier[]>([]);
  useEffect(() => {
    const a = db.productModels.find().$.subscribe((docs) => setModels(docs.map((d) => d.toJSON() as ProductModel)));
    const b = db.programTiers.find().$.subscribe((docs) => setTiers(docs.map((d) => d.toJSON() as ProgramTier).sort((x, y) => x.minPoints - y.minPoints)));
    return () => {
      a.unsubscribe();
      b.unsubscribe();
    };
  }, [db]);
  const value = useMemo(() => ({ models, byId: new Map(models.map((m) => [m.id, m])), index: new ModelSearchIndex(models), tiers }), [models, tiers]);
  return <CatalogContext.Provider value={value}>{children}</CatalogContext.Provider>;
}

/** The in-memory catalog; throws outside `<CatalogProvider>`. */
export function useCatalog(): CatalogValue {
  const value = useContext(CatalogContext);
  if (!value) throw new Error('useCatalog() outside CatalogProvider');
  return value;
}
