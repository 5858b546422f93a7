import type { Handlers } from '../../../../shared/ipc/contract';
import type { CoreContext } from '../../context';
import { ConsoleError } from '../../errors';
import { uploadResume } from '../../kula/activity';

export function createResumesHandlers(ctx: CoreContext): Pick<Handlers, 'resumes:upload'> {
  return {
    'resumes:upload': (input) => {
      const bytes = Buffer.from(input.base64, 'base64');
      if (bytes.length === 0) {
        throw new ConsoleError('BAD_INPUT', 'The file is empty.', 'Choose the resume file again.');
      }
      return uploadResume(ctx, { candidate: input.candidateId, fileName: input.fileName, bytes });
    },
  };
}
