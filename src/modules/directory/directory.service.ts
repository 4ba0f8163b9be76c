/** The directory's service API: one service per resource, sharing the database and the core services. */
import type { Db } from '../../core/db.js';
import type { ModuleContext } from '../module.js';
import { CalendarService } from './calendar/calendar.service.js';
import { EventsService } from './events/events.service.js';
import { GroupsService } from './groups/groups.service.js';
import { MeetingDocumentsService } from './meetings/meetings.documents.service.js';
import { MeetingsService } from './meetings/meetings.service.js';
import { PlacesService } from './places/places.service.js';
import { ClaimsService } from './organisations/organisations.claims.service.js';
import { OrganisationsService } from './organisations/organisations.service.js';

export class DirectoryService {
  readonly organisations: OrganisationsService;
  /** claims of open actions by organisations */
  readonly claims: ClaimsService;
  readonly groups: GroupsService;
  readonly meetings: MeetingsService;
  readonly meetingDocuments: MeetingDocumentsService;
  readonly events: EventsService;
  readonly calendar: CalendarService;
  readonly places: PlacesService;
  private readonly db: Db;
  constructor(ctx: ModuleContext) {
    this.db = ctx.db;
    const core = { db: ctx.db, users: ctx.core.users, notifications: ctx.core.notifications };
    this.organisations = new OrganisationsService({ ...core, storage: ctx.storage, modules: ctx.modules });
    this.claims = new ClaimsService({ db: ctx.db, organisations: this.organisations, notifications: ctx.core.notifications, modules: ctx.modules });
    this.groups = new GroupsService({ ...core, organisations: this.organisations, modules: ctx.modules });
    this.meetings = new MeetingsService({ ...core, groups: this.groups });
    this.meetingDocuments = new MeetingDocumentsService({ db: ctx.db, storage: ctx.storage, meetings: this.meetings });
    this.events = new EventsService({ db: ctx.db, notifications: ctx.core.notifications, organisations: this.organisations, groups: this.groups });
    this.places = new PlacesService({ db: ctx.db, notifications: ctx.core.notifications, organisations: this.organisations });
    this.calendar = new CalendarService({ db: ctx.db, tenants: ctx.core.tenants, events: this.events, groups: this.groups, meetings: this.meetings, organisations: this.organisations, places: this.places, modules: ctx.modules, publicUrl: ctx.publicUrl });
  }

  /** Account deletion (`users.account.deleted`): organisation memberships, event follows and the personal feed go; group seats, registrations and attendance are anonymised. */
  async anonymiseUser(userId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await this.organisations.anonymiseUser(trx, userId);
      await this.groups.anonymiseUser(trx, userId);
      await this.meetings.anonymiseUser(trx, userId);
      await this.events.repo.removeUser(trx, userId);
      await this.calendar.repo.remove(trx, userId);
    });
  }
}
