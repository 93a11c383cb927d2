import { answerCommand, answerUsage } from "./answer_command.ts";

export const usage = answerUsage("allow");

export const run = answerCommand("allow");
