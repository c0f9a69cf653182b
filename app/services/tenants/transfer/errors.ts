/** A tenant move refused for a reason the operator can act on; the message is one line. */
export class TransferError extends Error {}
