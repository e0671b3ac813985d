import type { Command } from '../command';
import { collectors } from './collectors.command';
import { groupList, groupRulesShow, groupShow } from './group-read.commands';
import { groupCreate, groupFilterAdd, groupFilterRemove, groupMode, groupRulesSet } from './group-write.commands';
import { reportsTail } from './reports-tail.command';

/** Every `fsmon` command, in the order `fsmon --help` lists them. */
export const COMMANDS: readonly Command[] = [reportsTail, collectors, groupList, groupShow, groupCreate, groupMode, groupFilterAdd, groupFilterRemove, groupRulesShow, groupRulesSet];
