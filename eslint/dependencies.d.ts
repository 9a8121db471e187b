// Types for dependencies.js, which ESLint loads as plain JavaScript.
import type { Rule } from 'eslint';

export type DependencyClass = 'standard' | 'dom' | 'node';
export const dependencyClasses: Record<string, DependencyClass>;
export function packageName(spec: string): string;
export function classOf(name: string, classes?: Record<string, DependencyClass>): DependencyClass | undefined;
export function classificationProblems(
  pkg: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> },
  classes?: Record<string, DependencyClass>,
): string[];
export const tableFile: string;
export const classifiedRule: Rule.RuleModule;
