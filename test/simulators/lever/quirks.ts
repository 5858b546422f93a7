/**
 * Where Lever's documents leave a behaviour open, the simulator can take either reading, so a
 * test can run the console against both (see docs/lever.md).
 */
export interface LeverQuirks {
  /**
   * A credential without confidential access asking for `confidentiality=all`: refused with 403
   * (what Lever documents for a missing permission), or answered with the non-confidential
   * records only.
   */
  confidentialRefusal: 'forbidden' | 'filtered';
  /**
   * `distributionChannel` filters postings of every state (a closed or draft posting on no
   * channel is then left out), not only published ones (the documented case).
   */
  channelFilterEveryState: boolean;
  /** The HTTP status of a refused offset token; the message is the same whatever it is. */
  invalidOffsetStatus: number;
}

export const DEFAULT_LEVER_QUIRKS: LeverQuirks = {
  confidentialRefusal: 'forbidden',
  channelFilterEveryState: false,
  invalidOffsetStatus: 400,
};
