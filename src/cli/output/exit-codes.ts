/** The exit codes live in the library (run journals record them); the CLI uses them from here. */
export { EXIT, exitCodeForError } from '../../exit-codes.js';
