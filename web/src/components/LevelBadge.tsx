import { Badge } from '@mantine/core';
import type { AccessLevel } from '@openfluides/core';
import { useTranslation } from 'react-i18next';

const LEVEL_COLORS: Record<AccessLevel, string> = {
  read: 'gray',
  write: 'blue',
  configure: 'energy',
  administer: 'grape',
};

/** Access level as a coloured badge with its French name. */
export function LevelBadge({ level }: { level: AccessLevel }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={LEVEL_COLORS[level]}
      variant="light"
      tt="capitalize"
      // Flex shrinking would cut the label with an ellipsis in narrow table columns.
      styles={{ label: { overflow: 'visible' } }}
    >
      {t(`access.level.${level}`)}
    </Badge>
  );
}
