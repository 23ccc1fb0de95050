import { Box, Combobox, Group, Stack, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCircleCheck } from '@tabler/icons-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormulaCheck, useFormulaVocabulary } from '../api/queries';
import {
  applySuggestion,
  splitAtProblem,
  suggestionsFor,
  type WordAtCaret,
  wordAtCaret,
} from './formula-completion';

/** Pause after the last keystroke before the server checks the formula, ms. */
const CHECK_DELAY_MS = 300;

/**
 * Shows the formula with the first problem's characters underlined, or a marker where something is missing.
 */
function ProblemPreview({ formula, start, end }: { formula: string; start: number; end: number }) {
  const { before, marked, after } = splitAtProblem(formula, { start, end });
  return (
    <Box
      component="pre"
      ff="monospace"
      fz="sm"
      m={0}
      p="xs"
      bg="gray.0"
      style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', borderRadius: 4 }}
      data-testid="formula-problem"
      aria-hidden
    >
      {before}
      {marked === '' ? (
        <Box
          component="span"
          data-testid="formula-missing-marker"
          style={{
            display: 'inline-block',
            width: '0.7ch',
            height: '1.15em',
            marginLeft: 1,
            verticalAlign: 'text-bottom',
            borderRadius: 2,
            background: 'var(--mantine-color-red-6)',
          }}
        />
      ) : (
        <Box
          component="mark"
          bg="red.1"
          c="red.9"
          style={{ textDecoration: 'underline wavy var(--mantine-color-red-7)', textUnderlineOffset: 3 }}
        >
          {marked}
        </Box>
      )}
      {after}
    </Box>
  );
}

/**
 * Shows a monospace formula input with autocompletion of the series, constants and functions of
 * `GET /api/indicators/identifiers` on the word being typed, and a live server check that shows
 * the French message and marks the position of the first problem.
 */
export function FormulaEditor({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (formula: string) => void;
  /** Problem that saving reported, shown while the live check finds none. */
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const vocabulary = useFormulaVocabulary();
  const inputRef = useRef<HTMLInputElement>(null);
  const [caret, setCaret] = useState(value.length);
  const [debounced] = useDebouncedValue(value, CHECK_DELAY_MS);
  const check = useFormulaCheck(debounced);
  const combobox = useCombobox();
  // The store is a new object on each render, so effects reach it through a ref.
  const comboboxRef = useRef(combobox);
  comboboxRef.current = combobox;

  const word: WordAtCaret | null = wordAtCaret(value, caret);
  const prefix = word?.prefix ?? '';
  const suggestions = useMemo(
    () => (vocabulary.data ? suggestionsFor(vocabulary.data, prefix) : []),
    [vocabulary.data, prefix],
  );
  const suggestionKey = suggestions.map((item) => item.name).join(',');

  useEffect(() => {
    // The first suggestion is selected so that Enter or Tab takes it at once.
    if (suggestionKey !== '') comboboxRef.current.selectFirstOption();
  }, [suggestionKey]);

  const pendingCaret = useRef<number | null>(null);
  useEffect(() => {
    if (pendingCaret.current === null || !inputRef.current) return;
    inputRef.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  });

  const pick = (name: string) => {
    const suggestion = suggestions.find((item) => item.name === name);
    if (!suggestion || !word) return;
    const next = applySuggestion(value, word, suggestion);
    pendingCaret.current = next.caret;
    setCaret(next.caret);
    onChange(next.text);
    combobox.closeDropdown();
    inputRef.current?.focus();
  };

  const trackCaret = () => setCaret(inputRef.current?.selectionStart ?? value.length);
  const checked = check.data && debounced === value ? check.data : null;
  const firstProblem = checked?.errors[0] ?? null;
  // A name still being typed is unknown until a suggestion completes it, so that error waits.
  const typing =
    firstProblem?.code === 'unknown-identifier' &&
    word !== null &&
    firstProblem.start === word.start &&
    suggestions.length > 0;
  const problem = typing ? null : firstProblem;
  const stale = debounced !== value || check.isFetching;
  const identifiers = vocabulary.data?.identifiers ?? [];
  const dropdownOpen = combobox.dropdownOpened && suggestions.length > 0;
  let inputError: string | undefined = error;
  if (problem) inputError = problem.message;
  else if (!stale && checked?.ok) inputError = undefined;

  return (
    <Stack gap={6}>
      <Combobox store={combobox} onOptionSubmit={pick} withinPortal={false} position="bottom-start">
        <Combobox.Target>
          <TextInput
            ref={inputRef}
            label={t('performance.formula.label')}
            description={t('performance.formula.help')}
            value={value}
            onChange={(event) => {
              onChange(event.currentTarget.value);
              setCaret(event.currentTarget.selectionStart ?? event.currentTarget.value.length);
              combobox.openDropdown();
            }}
            onKeyUp={(event) => {
              if (
                event.key === 'ArrowLeft' ||
                event.key === 'ArrowRight' ||
                event.key === 'Home' ||
                event.key === 'End'
              )
                trackCaret();
            }}
            onKeyDown={(event) => {
              if (event.key === 'Tab' && dropdownOpen && !event.shiftKey) {
                event.preventDefault();
                combobox.clickSelectedOption();
              }
            }}
            onClick={trackCaret}
            onBlur={() => combobox.closeDropdown()}
            withAsterisk
            spellCheck={false}
            autoComplete="off"
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 15 } }}
            error={inputError}
          />
        </Combobox.Target>
        <Combobox.Dropdown hidden={suggestions.length === 0} miw={420}>
          <Combobox.Options aria-label={t('performance.formula.suggestions')}>
            {suggestions.map((suggestion) => (
              <Combobox.Option value={suggestion.name} key={suggestion.name}>
                <Group gap="sm" wrap="nowrap" justify="space-between">
                  <Text size="sm" ff="monospace" fw={600}>
                    {suggestion.kind === 'function' ? `${suggestion.name}(…)` : suggestion.name}
                  </Text>
                  <Text size="xs" c="dimmed" ta="right">
                    {suggestion.label}
                    {suggestion.unit ? ` · ${suggestion.unit}` : ''}
                  </Text>
                </Group>
              </Combobox.Option>
            ))}
          </Combobox.Options>
        </Combobox.Dropdown>
      </Combobox>
      {problem && <ProblemPreview formula={debounced} start={problem.start} end={problem.end} />}
      {checked?.ok && !stale && (
        <Group gap={6} wrap="wrap" c="green.8" data-testid="formula-valid">
          <IconCircleCheck size={16} aria-hidden />
          <Text size="sm" c="green.9">
            {t('performance.formula.valid', { formula: checked.canonical ?? value })}
          </Text>
          <Text size="xs" c="dimmed">
            {checked.identifiers
              .map((name) => {
                const found = identifiers.find((identifier) => identifier.name === name);
                return found ? t('performance.formula.identifier', { name, unit: found.unit }) : name;
              })
              .join(' · ')}
          </Text>
        </Group>
      )}
    </Stack>
  );
}
