import {
  Alert,
  Box,
  Button,
  Center,
  Group,
  List,
  Loader,
  Paper,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import type { Energy } from '@openfluides/core';
import { IconAlertTriangle, IconArrowDownRight, IconArrowUpRight, IconChartBar } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { analysisPresetPath } from '../../analysis/paths';
import { ApiError } from '../../api/client';
import { useBuildingKeyFigures } from '../../api/queries';
import type { Building, BuildingKeyFigures as KeyFigures, KeyFiguresWindowFigures } from '../../api/types';
import { hasFeatureLevel } from '../../auth/access';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { energyColor } from '../../consumption/energy-colors';
import { addDays } from '../../dates';
import { energyUnitFor, intlLocale } from '../../format';
import { useFormat } from '../../use-format';

type Format = ReturnType<typeof useFormat>;
type WindowName = 'current' | 'previous';

/** Emissions read in kg while every value of the table is below this many kg, in tonnes otherwise. */
const TONNE_THRESHOLD_KG = 10_000;

/** Numbers the distinct reasons why costs are missing, so each cell points to a note under the table. */
function costNoteNumbers(figures: KeyFigures): Map<string, number> {
  const numbers = new Map<string, number>();
  const rows = [...figures.energies, figures.total];
  for (const row of rows) {
    for (const window of [row.current, row.previous]) {
      const message = window.cost.unavailable?.message;
      if (message && !numbers.has(message)) numbers.set(message, numbers.size + 1);
    }
  }
  return numbers;
}

/** Unit of one column, shared by all its cells so that rows compare at a glance. */
interface ColumnUnit {
  unit: string;
  divisor: number;
  decimals: number;
}

/** Units of the energy and emission columns, chosen from the largest value of the table. */
interface TableUnits {
  final: ColumnUnit;
  primary: ColumnUnit;
  emissions: ColumnUnit;
}

function tableUnits(figures: KeyFigures): TableUnits {
  const windows = [...figures.energies, figures.total].flatMap((row) => [row.current, row.previous]);
  const largest = (values: (number | null)[]) => Math.max(0, ...values.map((value) => Math.abs(value ?? 0)));
  const energyColumn = (maxKWh: number): ColumnUnit => {
    const { unit, divisor } = energyUnitFor(maxKWh);
    return { unit, divisor, decimals: divisor === 1 ? 0 : 1 };
  };
  const maxKg = largest(windows.map((window) => window.kgCO2e));
  return {
    final: energyColumn(largest(windows.map((window) => window.kWh))),
    primary: energyColumn(largest(windows.map((window) => window.kWhEP))),
    emissions:
      maxKg < TONNE_THRESHOLD_KG
        ? { unit: 'kg', divisor: 1, decimals: 0 }
        : { unit: 't', divisor: 1000, decimals: 1 },
  };
}

/** Right-aligned column header with its unit on a second line that does not wrap. */
function UnitHeader({ label, unit }: { label: string; unit: string }) {
  return (
    <Table.Th ta="right" style={{ verticalAlign: 'bottom' }}>
      {label}
      <br />
      <Text span size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        {unit}
      </Text>
    </Table.Th>
  );
}

function inUnit(format: Format, value: number, unit: ColumnUnit): string {
  return format.number(value / unit.divisor, unit.decimals);
}

function CompletenessText({ completeness }: { completeness: KeyFiguresWindowFigures['completeness'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (completeness.expectedPoints === 0)
    return (
      <Text size="xs" c="dimmed">
        {t('buildings.key-figures.completeness.nothing-owed')}
      </Text>
    );
  return (
    <Stack gap={0}>
      <Text size="xs">
        {t('buildings.key-figures.completeness.measured', { value: format.share(completeness.measured) })}
      </Text>
      {completeness.estimated > 0 && (
        <Text size="xs" c="yellow.8">
          {t('buildings.key-figures.completeness.estimated', { value: format.share(completeness.estimated) })}
        </Text>
      )}
      {completeness.missing > 0 && (
        <Text size="xs" c="red.7" fw={600}>
          {t('buildings.key-figures.completeness.missing', { value: format.share(completeness.missing) })}
        </Text>
      )}
    </Stack>
  );
}

/** Change of final energy: a rise in red, a fall in green, with an arrow so colour is not the only cue. */
function ChangeCell({ changePct, rowSpan }: { changePct: number | null; rowSpan: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (changePct === null)
    return (
      <Table.Td rowSpan={rowSpan} ta="right" c="dimmed">
        {t('common.value.none')}
      </Table.Td>
    );
  const rounded = Math.round(changePct * 10) / 10;
  const value = new Intl.NumberFormat(intlLocale(format.language), {
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  }).format(rounded);
  let colour: string | undefined;
  let Arrow: typeof IconArrowUpRight | null = null;
  if (rounded > 0) {
    colour = 'red.7';
    Arrow = IconArrowUpRight;
  } else if (rounded < 0) {
    colour = 'green.7';
    Arrow = IconArrowDownRight;
  }
  return (
    <Table.Td rowSpan={rowSpan} ta="right" data-testid="key-figures-change">
      <Group gap={2} justify="flex-end" wrap="nowrap" c={colour}>
        {Arrow && <Arrow size={16} aria-hidden />}
        <Text size="sm" fw={650} c={colour} style={{ whiteSpace: 'nowrap' }}>
          {t('common.unit.percent', { value })}
        </Text>
      </Group>
    </Table.Td>
  );
}

/**
 * Cost excluding tax, or a dash with the number of the note that gives the reason. Invoices that
 * cover only part of the window make a partial sum, so the covered days are written under it.
 */
function CostText({ cost, note }: { cost: KeyFiguresWindowFigures['cost']; note: number | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (cost.amountExclTaxEur === null) {
    // NOTE: the API may return a null amount excluding tax without a reason when only some invoices lack it.
    const label = cost.unavailable?.message ?? t('buildings.key-figures.cost-missing');
    return (
      <Tooltip label={label} multiline maw={320} withArrow>
        <Text size="xs" c="dimmed" span aria-label={label}>
          {note === undefined
            ? t('common.value.none')
            : t('buildings.key-figures.cost-unavailable', { number: note })}
        </Text>
      </Tooltip>
    );
  }
  return (
    <>
      {format.number(cost.amountExclTaxEur)}
      {cost.coveredDays < cost.windowDays && (
        <Text size="xs" c="orange.8" display="block">
          {t('buildings.key-figures.cost-coverage', {
            covered: format.number(cost.coveredDays),
            days: format.number(cost.windowDays),
          })}
        </Text>
      )}
    </>
  );
}

interface FigureRowsProps {
  units: TableUnits;
  label: string;
  energy: Energy | null;
  rows: Record<WindowName, KeyFiguresWindowFigures>;
  windows: Record<WindowName, { from: string; to: string }>;
  changePct: number | null;
  noteNumbers: Map<string, number>;
  bold?: boolean;
}

/** Two rows of one energy, or of the total: the last 12 months, then the 12 before. */
function FigureRows({
  units,
  label,
  energy,
  rows,
  windows,
  changePct,
  noteNumbers,
  bold = false,
}: FigureRowsProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const none = t('common.value.none');
  const testId = energy ?? 'total';
  return (
    <>
      {(['current', 'previous'] as const).map((name) => {
        const figures = rows[name];
        const window = windows[name];
        const isCurrent = name === 'current';
        const note = figures.cost.unavailable ? noteNumbers.get(figures.cost.unavailable.message) : undefined;
        return (
          <Table.Tr key={name} fw={bold ? 650 : undefined} c={isCurrent ? undefined : 'dimmed'}>
            {isCurrent && (
              <Table.Td rowSpan={2} style={{ verticalAlign: 'top' }}>
                <Group gap={8} wrap="nowrap">
                  {energy && (
                    <Box
                      w={10}
                      h={10}
                      style={{ borderRadius: '50%', background: energyColor(energy), flexShrink: 0 }}
                      aria-hidden
                    />
                  )}
                  <Text size="sm" fw={bold ? 650 : 500}>
                    {label}
                  </Text>
                </Group>
              </Table.Td>
            )}
            <Table.Td>
              <Text
                size="sm"
                fw={isCurrent ? 600 : 400}
                c={isCurrent ? undefined : 'dimmed'}
                style={{ whiteSpace: 'nowrap' }}
              >
                {t(`buildings.key-figures.window.${name}`)}
              </Text>
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {t('buildings.key-figures.window.range', {
                  from: format.localDate(window.from),
                  to: format.localDate(addDays(window.to, -1)),
                })}
              </Text>
            </Table.Td>
            <Table.Td
              ta="right"
              style={{ whiteSpace: 'nowrap' }}
              data-testid={`key-figures-final-${testId}-${name}`}
              title={
                figures.kWh === null
                  ? undefined
                  : t('buildings.key-figures.unit.exact-kwh', { value: format.number(figures.kWh) })
              }
            >
              {figures.kWh === null ? none : inUnit(format, figures.kWh, units.final)}
            </Table.Td>
            <Table.Td
              ta="right"
              style={{ whiteSpace: 'nowrap' }}
              data-testid={`key-figures-ratio-${testId}-${name}`}
            >
              {figures.kWhPerM2 === null ? none : format.number(figures.kWhPerM2, 1)}
            </Table.Td>
            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
              {figures.kWhEP === null ? none : inUnit(format, figures.kWhEP, units.primary)}
            </Table.Td>
            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
              {figures.kgCO2e === null ? none : inUnit(format, figures.kgCO2e, units.emissions)}
            </Table.Td>
            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
              <CostText cost={figures.cost} note={note} />
            </Table.Td>
            <Table.Td>
              <CompletenessText completeness={figures.completeness} />
            </Table.Td>
            {isCurrent && <ChangeCell changePct={changePct} rowSpan={2} />}
          </Table.Tr>
        );
      })}
    </>
  );
}

function FactorNotes({ figures }: { figures: KeyFigures }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (figures.factors.length === 0) return null;
  const validity = (from: string | null, to: string | null) => {
    if (from && to)
      return t('buildings.key-figures.factors.valid-between', {
        from: format.localDate(from),
        to: format.localDate(to),
      });
    if (from) return t('buildings.key-figures.factors.valid-from', { from: format.localDate(from) });
    if (to) return t('buildings.key-figures.factors.valid-until', { to: format.localDate(to) });
    return t('buildings.key-figures.factors.valid-always');
  };
  const gasFactor = figures.factors.find((factor) => factor.energy === 'gas' && factor.pciPerStoredKWh !== 1);
  return (
    <Box>
      <Text size="xs" fw={600} c="dimmed">
        {t('buildings.key-figures.factors.title')}
      </Text>
      <List size="xs" c="dimmed" spacing={2}>
        {figures.factors.map((factor) => (
          <List.Item key={`${factor.energy}-${factor.kind}-${factor.validFrom ?? ''}`}>
            {t('buildings.key-figures.factors.line', {
              energy: t(`energy.${factor.energy}`),
              kind: t(`buildings.key-figures.factors.kind.${factor.kind}`),
              value: format.number(factor.value, 3),
              unit: factor.unit,
              validity: validity(factor.validFrom, factor.validTo),
              source: factor.source,
              status: t(`buildings.key-figures.factors.status.${factor.status}`),
            })}
          </List.Item>
        ))}
      </List>
      {gasFactor && (
        <Text size="xs" c="dimmed" mt={4}>
          {t('buildings.key-figures.factors.gas-pci', { ratio: format.number(gasFactor.pciPerStoredKWh, 3) })}
        </Text>
      )}
    </Box>
  );
}

function KeyFiguresBody({ figures }: { figures: KeyFigures }) {
  const { t } = useTranslation();
  const format = useFormat();
  const noteNumbers = costNoteNumbers(figures);
  const units = tableUnits(figures);
  const windows = { current: figures.current, previous: figures.previous };
  const area = (value: number | null) => (value === null ? t('common.value.none') : format.area(value));

  if (figures.energies.length === 0)
    return (
      <Alert color="blue" variant="light">
        {t('buildings.key-figures.empty')}
      </Alert>
    );

  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={980}>
        <Table
          withTableBorder
          verticalSpacing={6}
          horizontalSpacing="xs"
          aria-label={t('buildings.key-figures.table-label')}
        >
          <Table.Thead bg="gray.0">
            <Table.Tr>
              <Table.Th>{t('buildings.key-figures.column.energy')}</Table.Th>
              <Table.Th>{t('buildings.key-figures.column.period')}</Table.Th>
              <UnitHeader
                label={t('buildings.key-figures.column.final')}
                unit={t('buildings.key-figures.column-unit.final', { unit: units.final.unit })}
              />
              <UnitHeader
                label={t('buildings.key-figures.column.ratio')}
                unit={t('buildings.key-figures.column-unit.ratio')}
              />
              <UnitHeader
                label={t('buildings.key-figures.column.primary')}
                unit={t('buildings.key-figures.column-unit.primary', { unit: units.primary.unit })}
              />
              <UnitHeader
                label={t('buildings.key-figures.column.emissions')}
                unit={t('buildings.key-figures.column-unit.emissions', { unit: units.emissions.unit })}
              />
              <UnitHeader
                label={t('buildings.key-figures.column.cost')}
                unit={t('buildings.key-figures.column-unit.cost')}
              />
              <Table.Th>{t('buildings.key-figures.column.completeness')}</Table.Th>
              <Table.Th ta="right">
                <Tooltip label={t('buildings.key-figures.column.change-help')} multiline maw={280} withArrow>
                  <span>{t('buildings.key-figures.column.change')}</span>
                </Tooltip>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {figures.energies.map((row) => (
              <FigureRows
                key={row.energy}
                units={units}
                label={t(`energy.${row.energy}`)}
                energy={row.energy}
                rows={row}
                windows={windows}
                changePct={row.changePct}
                noteNumbers={noteNumbers}
              />
            ))}
            {figures.energies.length > 1 && (
              <FigureRows
                units={units}
                label={t('buildings.key-figures.total')}
                energy={null}
                rows={figures.total}
                windows={windows}
                changePct={figures.total.changePct}
                noteNumbers={noteNumbers}
                bold
              />
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      <Stack gap={4}>
        <Text size="xs" c="dimmed">
          {t('buildings.key-figures.notes.change')}
        </Text>
        <Text size="xs" c="dimmed">
          {t('buildings.key-figures.notes.area', {
            current: area(figures.current.floorAreaM2),
            previous: area(figures.previous.floorAreaM2),
          })}
        </Text>
        {[...noteNumbers.entries()].map(([message, number]) => (
          <Text key={number} size="xs" c="dimmed">
            {t('buildings.key-figures.notes.cost', { number, message })}
          </Text>
        ))}
      </Stack>

      {figures.warnings.map((warning) => (
        <Alert
          key={warning.code}
          color="yellow"
          variant="light"
          py={6}
          icon={<IconAlertTriangle size={18} aria-hidden />}
        >
          {warning.message}
        </Alert>
      ))}

      <FactorNotes figures={figures} />
    </Stack>
  );
}

/**
 * Key figures card of the building page: the last 12 whole months against the 12 before, per
 * energy and in total, with a link to the analysis page preset to the building and that period.
 * It shows nothing to users without the consumption feature, as the consumption section explains why.
 */
export function BuildingKeyFigures({ building }: { building: Building }) {
  const { t } = useTranslation();
  const me = useSession();
  const canRead = hasFeatureLevel(me, 'consumption', 'read');
  const query = useBuildingKeyFigures(building.id, canRead);
  // A 404 on a readable building means the consumption feature is not granted on it.
  if (!canRead || (query.error instanceof ApiError && query.error.status === 404)) return null;

  const figures = query.data;
  const analysisLink = analysisPresetPath({
    items: [`building:${building.id}`],
    period: figures ? { from: figures.current.from, to: addDays(figures.current.to, -1) } : null,
  });

  return (
    <Paper withBorder p="xl" aria-labelledby="key-figures-title">
      <Group justify="space-between" align="flex-start" mb="md" wrap="wrap" gap="sm">
        <Box>
          <Title order={2} fz={18} fw={650} mb={4} id="key-figures-title">
            {t('buildings.key-figures.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('buildings.key-figures.description')}
          </Text>
        </Box>
        <Tooltip label={t('buildings.key-figures.analyse-help')} multiline maw={320} withArrow>
          <Button
            component={Link}
            to={analysisLink}
            variant="light"
            leftSection={<IconChartBar size={16} aria-hidden />}
          >
            {t('buildings.key-figures.analyse-button')}
          </Button>
        </Tooltip>
      </Group>
      {query.isPending ? (
        <Center p="lg">
          <Loader aria-label={t('common.status.loading')} />
        </Center>
      ) : query.isError ? (
        <ErrorAlert error={query.error} />
      ) : (
        <KeyFiguresBody figures={query.data} />
      )}
    </Paper>
  );
}
