/** Business calendars by name: what `tp:calendar` on timers, due dates and SLAs refers to. */
import { Schema, type Connection, type Model } from 'mongoose';
import type { BusinessCalendar } from '../core/calendar';
import { modelOn } from './model';

export interface CalendarDoc {
  /** The name models refer to (`tp:calendar="office"`). */
  _id: string;
  name: string;
  /** Validated by core/calendar before it is stored. */
  calendar: BusinessCalendar;
  updatedBy: string;
  updatedAt: Date;
}

const calendarSchema = new Schema<CalendarDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    calendar: { type: Schema.Types.Mixed, required: true },
    updatedBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'calendars', versionKey: false, strict: 'throw' },
);

export const calendars = (conn: Connection): Model<CalendarDoc> => modelOn(conn, 'Calendar', calendarSchema);
