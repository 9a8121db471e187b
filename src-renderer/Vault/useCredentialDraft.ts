import { useEffect, useState, type FormEvent } from 'react';
import type { PersonalCredential } from '@shared/common/api/vault';
import { useAction } from '../ui/useAction';
import { useApi } from '../bridge/apiContext';

/** A computer a personal credential can be for: its id and the name shown. */
export type ComputerChoice = { id: string; name: string };

/** The computers this person may reach (from My Resources), plus those already chosen; empty offline. */
function useComputerChoices(chosen: ComputerChoice[]): ComputerChoice[] {
  const api = useApi();
  const [known, setKnown] = useState<ComputerChoice[]>([]);
  useEffect(() => {
    let live = true;
    api.resources.list({}).then(
      (r) => live && setKnown(r.groups.flatMap((g) => g.computers.map((c) => ({ id: c.computerId, name: c.name })))),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);
  const all = new Map([...chosen, ...known].map((c) => [c.id, c]));
  return [...all.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The credential being added or edited: its fields and computers as typed, the computers to
 * choose from, and the save (which calls `onDone` once it succeeded). Editing starts with an
 * empty secret: empty keeps the stored one.
 */
export function useCredentialDraft(editing: PersonalCredential | null, onDone: () => void) {
  const api = useApi();
  const [fields, setFields] = useState({
    name: editing?.name ?? '',
    username: editing?.username ?? '',
    kind: editing?.kind ?? 'password',
    secret: '',
  });
  const [computers, setComputers] = useState<ComputerChoice[]>(editing?.computers ?? []);
  const { busy, problem, run } = useAction();
  const choices = useComputerChoices(editing?.computers ?? []);
  const set = (name: keyof typeof fields) => (e: { target: { value: string } }) =>
    setFields((f) => ({ ...f, [name]: e.target.value }));
  const toggle = (computer: ComputerChoice, on: boolean) =>
    setComputers((list) =>
      on ? [...list.filter((c) => c.id !== computer.id), computer] : list.filter((c) => c.id !== computer.id),
    );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await run(() =>
      api.vault.save({
        ...(editing ? { id: editing.id } : {}),
        name: fields.name,
        username: fields.username,
        kind: fields.kind === 'private-key' ? 'private-key' : 'password',
        ...(fields.secret ? { secret: fields.secret } : {}),
        computers,
      }),
    );
    if (saved) onDone();
  };

  return { fields, set, computers, toggle, choices, busy, problem, submit };
}
