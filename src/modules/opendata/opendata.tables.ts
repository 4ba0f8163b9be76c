import type { Generated } from 'kysely';
import type { Json } from '../../core/core.tables.js';
import type { Multiloc } from '../../core/i18n.js';

export type UploadFormat = 'CSV' | 'JSON' | 'GEOJSON' | 'XLSX' | 'PDF' | 'ZIP';

declare module '../../core/db.js' {
  interface Database {
    opendata_uploads: {
      id: Generated<string>;
      tenant_id: number;
      slug: string;
      title: Json<Multiloc>;
      description: Json<Multiloc>;
      themes: string[];
      keywords: string[];
      publisher: string | null;
      license: Generated<string>;
      frequency: Generated<string>;
      temporal_start: string | null;
      temporal_end: string | null;
      filename: string;
      format: UploadFormat;
      media_type: string;
      byte_size: number;
      sha256: string;
      storage_path: string;
      search_text: Generated<string>;
      published: Generated<boolean>;
      issued_at: Date | null;
      created_by: string | null;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
    };
    opendata_metadata_versions: {
      tenant_id: number;
      dataset_id: string;
      fingerprint: string;
      changed_at: Generated<Date>;
    };
  }
}
