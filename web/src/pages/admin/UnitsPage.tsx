import {
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createUnit } from '../../api/endpoints';
import { fieldErrors } from '../../api/error-messages';
import { queryKeys, useScopeOptions, useUnits } from '../../api/queries';
import { type NewUnit, UNIT_KINDS, type UnitKind } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';

/** Same rule as the server: letters, digits, « . », « _ » or « - », 40 characters at most. */
const CODE_PATTERN = /^[A-Za-z0-9_.-]{1,40}$/;
const MAX_NAME_LENGTH = 200;
/** Indentation of each tree level, in pixels. */
const LEVEL_INDENT = 24;

/** A unit of the tree. Code and kind are null for units that `GET /api/units` did not return. */
interface UnitNode {
  id: string;
  name: string;
  parentId: string | null;
  code: string | null;
  kind: UnitKind | null;
}

type FieldName = keyof NewUnit;

/**
 * Merges the two unit lists. `GET /api/admin/scope-options` lists every unit but without code nor
 * kind, and `GET /api/units` gives those only for units holding a share of a building.
 */
function useUnitNodes() {
  const units = useUnits();
  const options = useScopeOptions();
  const nodes = useMemo(() => {
    const detailed = new Map((units.data ?? []).map((unit) => [unit.id, unit]));
    const merged = new Map<string, UnitNode>();
    for (const unit of options.data?.units ?? []) {
      const detail = detailed.get(unit.id);
      merged.set(unit.id, {
        id: unit.id,
        name: unit.name,
        parentId: unit.parentId,
        code: detail?.code ?? null,
        kind: detail?.kind ?? null,
      });
    }
    for (const unit of detailed.values()) {
      if (!merged.has(unit.id)) merged.set(unit.id, unit);
    }
    return [...merged.values()];
  }, [units.data, options.data]);
  return {
    nodes,
    isPending: units.isPending || options.isPending,
    error: units.error ?? options.error,
  };
}

/** Orders the units depth first, parents before their children, each level sorted by name. */
function flattenTree(nodes: UnitNode[]): { node: UnitNode; depth: number }[] {
  const ids = new Set(nodes.map((node) => node.id));
  const children = new Map<string | null, UnitNode[]>();
  for (const node of nodes) {
    // A unit whose parent is unknown shows at the top level rather than disappearing.
    const parent = node.parentId !== null && ids.has(node.parentId) ? node.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), node]);
  }
  const rows: { node: UnitNode; depth: number }[] = [];
  const visit = (parentId: string | null, depth: number) => {
    const level = [...(children.get(parentId) ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
    for (const node of level) {
      rows.push({ node, depth });
      visit(node.id, depth + 1);
    }
  };
  visit(null, 0);
  return rows;
}

function UnitForm({ units, onClose }: { units: UnitNode[]; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<UnitKind>('laboratory');
  const [parentId, setParentId] = useState<string | null>(null);
  const [clientErrors, setClientErrors] = useState<Partial<Record<FieldName, string>>>({});

  const mutation = useMutation({
    mutationFn: (unit: NewUnit) => createUnit(unit),
    onSuccess: async (_result, unit) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.units });
      await queryClient.invalidateQueries({ queryKey: queryKeys.scopeOptions });
      notifications.show({ color: 'green', message: t('admin.units.create-success', { name: unit.name }) });
      onClose();
    },
  });
  const serverErrors = fieldErrors(t, mutation.error);
  const errorOf = (field: FieldName) => clientErrors[field] ?? serverErrors[field];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Partial<Record<FieldName, string>> = {};
    if (!CODE_PATTERN.test(code.trim())) problems.code = t('admin.units.code-invalid');
    if (name.trim() === '') problems.name = t('common.form.required');
    setClientErrors(problems);
    if (Object.keys(problems).length > 0) return;
    mutation.mutate({ code: code.trim(), name: name.trim(), kind, parentId });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput
          label={t('admin.units.code-label')}
          description={t('admin.units.code-help')}
          value={code}
          onChange={(event) => setCode(event.currentTarget.value)}
          maxLength={40}
          withAsterisk
          error={errorOf('code')}
          data-autofocus
        />
        <TextInput
          label={t('admin.units.name-label')}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          maxLength={MAX_NAME_LENGTH}
          withAsterisk
          error={errorOf('name')}
        />
        <Select
          label={t('admin.units.kind-label')}
          data={UNIT_KINDS.map((value) => ({ value, label: t(`admin.units.kind.${value}`) }))}
          value={kind}
          onChange={(value) => value && setKind(value as UnitKind)}
          allowDeselect={false}
          withAsterisk
          error={errorOf('kind')}
        />
        <Select
          label={t('admin.units.parent-label')}
          description={t('admin.units.parent-help')}
          placeholder={t('admin.units.parent-none')}
          data={flattenTree(units).map(({ node, depth }) => ({
            value: node.id,
            label: `${'  '.repeat(depth)}${node.name}`,
          }))}
          value={parentId}
          onChange={setParentId}
          searchable
          clearable
          nothingFoundMessage={t('common.form.nothing-found')}
          error={errorOf('parentId')}
        />
        <ErrorAlert error={mutation.error} shownFields={['code', 'name', 'kind', 'parentId']} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.action.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t('admin.units.create-submit-button')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Administration of the functional units, shown as a tree of faculties and their laboratories. */
export function UnitsPage() {
  const { t } = useTranslation();
  const { nodes, isPending, error } = useUnitNodes();
  const [creating, setCreating] = useState(false);
  const rows = useMemo(() => flattenTree(nodes), [nodes]);

  return (
    <>
      <PageHeader
        title={t('admin.units.title')}
        description={t('admin.units.description')}
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
            {t('admin.units.create-button')}
          </Button>
        }
      />
      <Paper withBorder>
        <ErrorAlert error={error} />
        {isPending ? (
          <Center p="xl">
            <Loader aria-label={t('common.status.loading')} />
          </Center>
        ) : rows.length === 0 ? (
          <Text p="xl" ta="center" c="dimmed">
            {t('admin.units.empty')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.units.column-name')}</Table.Th>
                  <Table.Th>{t('admin.units.column-code')}</Table.Th>
                  <Table.Th>{t('admin.units.column-kind')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map(({ node, depth }) => (
                  <Table.Tr key={node.id}>
                    <Table.Td>
                      <Text size="sm" fw={depth === 0 ? 600 : 400} pl={depth * LEVEL_INDENT}>
                        {depth > 0 && (
                          <Text span c="dimmed" aria-hidden>
                            {'└ '}
                          </Text>
                        )}
                        {node.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" ff="monospace" c={node.code ? undefined : 'dimmed'}>
                        {node.code ?? t('common.value.none')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {node.kind ? (
                        <Badge variant="light" color="gray" tt="none" radius="sm">
                          {t(`admin.units.kind.${node.kind}`)}
                        </Badge>
                      ) : (
                        <Text size="sm" c="dimmed">
                          {t('common.value.none')}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {!isPending && rows.some(({ node }) => node.kind === null) && (
          <Text size="xs" c="dimmed" px="lg" py="sm">
            {t('admin.units.missing-details-note')}
          </Text>
        )}
      </Paper>
      <Modal
        opened={creating}
        onClose={() => setCreating(false)}
        title={t('admin.units.create-title')}
        centered
      >
        {creating && <UnitForm units={nodes} onClose={() => setCreating(false)} />}
      </Modal>
    </>
  );
}
