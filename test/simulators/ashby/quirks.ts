/**
 * Where Ashby's documents leave a behaviour open, the simulator can take either reading, so a
 * test can run the console against both (see docs/ashby.md).
 */
export interface AshbyQuirks {
  /**
   * How the presigned upload says it stored the file, as S3 does by `success_action_status`: 204
   * with no body (S3's default), 200 with no body, 200 with a JSON body, or 201 with S3's XML.
   */
  uploadSuccess: '204-empty' | '200-empty' | '200-json' | '201-xml';
  /**
   * The upload handle's `fields` leave `Content-Type` out, and the storage refuses a form without
   * one (an S3 policy condition on it).
   */
  uploadFieldsLackContentType: boolean;
  /** `application.list` needs Offers: Read as well as Candidates: Read. */
  applicationListNeedsOffers: boolean;
  /**
   * The version a request without `Ashby-Version` gets: a key's default follows Ashby's newest
   * active version, which may answer in another shape.
   */
  defaultVersion: string;
  /** What `Ashby-Version-Status` says of the version answered. */
  versionStatus: 'active' | 'deprecated';
  /** Jobs also carry `location` and `department` objects with their names, besides the ids. */
  jobPlaceObjects: boolean;
}

/** The version the simulator's shapes follow (Ashby's only active one when it was written). */
export const ASHBY_API_VERSION = '2026-01-01';

/**
 * A later version, made up for tests: its jobs name their title `name`, so a client reading the
 * older shape without pinning its version cannot read them.
 */
export const ASHBY_NEXT_VERSION = '2027-01-01';

export const DEFAULT_ASHBY_QUIRKS: AshbyQuirks = {
  uploadSuccess: '204-empty',
  uploadFieldsLackContentType: false,
  applicationListNeedsOffers: false,
  defaultVersion: ASHBY_API_VERSION,
  versionStatus: 'active',
  jobPlaceObjects: false,
};
