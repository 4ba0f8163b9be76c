/** The directory's service API: one service per resource, sharing the database and the core services. */
import type { Db } from '../../core/db.js';
import type { ModuleContext } from '../module.js';
import { OrganisationsService } from './organisations/organisations.service.js';

export class DirectoryService {
  readonly organisations: OrganisationsService;
  private readonly db: Db;
  constructor(ctx: ModuleContext) {
    this.db = ctx.db;
    this.organisations = new OrganisationsService({ db: ctx.db, dataDir: ctx.config.dataDir, users: ctx.core.users, notifications: ctx.core.notifications, modules: ctx.modules });
  }

  /** Account deletion (`users.account.deleted`): organisation memberships go; group memberships and attendance are anonymised. */
  async anonymiseUser(userId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await this.organisations.anonymiseUser(trx, userId);
    });
  }
}
