import { answerCommand, answerUsage } from "./answer_command.ts";

export const usage = answerUsage("deny");

export const run = answerCommand("deny");
