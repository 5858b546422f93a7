/**
 * Credentials as the first vault format (`KPV1`, scrypt N = 2^15, the secret's JSON alone, no
 * associated data) wrote them, before the cost moved into a header and credentials were bound to
 * their connection. Made by that version's code; a newer console must still open them.
 */
export const FORMAT_1_KEY = 'ashby-live-key-0f3c9a7e5b1d4c2a8e6f';

/** `{kind:'api_key', apiKey: FORMAT_1_KEY}` under the tests' passphrase. */
export const FORMAT_1_TEST_PASSPHRASE = Buffer.from(
  'S1BWMcLtRCu8h3AbwhnLOM5aa8Gu7uMQ7aDzQI6pyFd3mRq3E4BFOw4sQp/POH7NS5lftN2C7Sd9HZsr4MBd77aSGnu7lQseGAXvhWycXsOjUnbW6WhbTZCuyhtIRw8bMTsNWojm1Mjx/I6axPro14E=',
  'base64',
);

/** The same secret under `pass8chr`, a passphrase the first version allowed (8 characters). */
export const FORMAT_1_SHORT_PASSPHRASE = Buffer.from(
  'S1BWMQNqV++kbW8YoNtxh2pldhlQPXgLk1tAcCg5Bj3WkQgXJdv414qBgXAWnhKBkDEcdIDIjHXoEF7EQKBx6RUeXl56Fph66AMV5rRbAr2GVaIFpj1LPw6z042osbRxRDBSND61sWeZX7StkjrugTA=',
  'base64',
);
