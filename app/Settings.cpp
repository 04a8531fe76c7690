#include "Settings.h"

#include "AppLogging.h"

#include <QCryptographicHash>
#include <QDir>
#include <QSettings>
#include <QStringList>

namespace {

enum class Scope { MachineOnly, MachineOrUser };

struct Entry
{
    Settings::Key key;
    const char *name;
    QVariant defaultValue;
    Scope scope;
    bool lockedByServerLock;
};

// The one table of settings: key, name in the INI files, default, who may set it.
const Entry kEntries[] = {
    { Settings::Key::ServerUrl, "server_url", QStringLiteral("http://127.0.0.1:8080"), Scope::MachineOrUser,
        true },
    { Settings::Key::CaCertificateFile, "ca_certificate_file", QString(), Scope::MachineOrUser, true },
    { Settings::Key::LockServerUrl, "lock_server_url", false, Scope::MachineOnly, false },
    { Settings::Key::DemarcheShortcuts, "demarche_shortcuts", QStringList(), Scope::MachineOrUser, false },
};

const Entry &entry(Settings::Key key)
{
    for (const Entry &e : kEntries) {
        if (e.key == key)
            return e;
    }
    Q_UNREACHABLE();
}

QString &overrideDir()
{
    static QString dir;
    return dir;
}

QString effectiveConfigDir()
{
    if (!overrideDir().isEmpty())
        return overrideDir();
    return qEnvironmentVariable("AC_CONFIG_DIR");
}

} // namespace

Settings::Settings()
{
    const QString dir = effectiveConfigDir();
    if (dir.isEmpty()) {
        const QString org = QStringLiteral("aidants-connect");
        m_machine = std::make_unique<QSettings>(QSettings::IniFormat, QSettings::SystemScope, org, org);
        m_user = std::make_unique<QSettings>(QSettings::IniFormat, QSettings::UserScope, org, org);
    } else {
        const QDir d(dir);
        m_machine
            = std::make_unique<QSettings>(d.filePath(QStringLiteral("machine.conf")), QSettings::IniFormat);
        m_user = std::make_unique<QSettings>(d.filePath(QStringLiteral("user.conf")), QSettings::IniFormat);
    }
    qCDebug(lcSettings) << "machine settings:" << m_machine->fileName()
                        << "user settings:" << m_user->fileName();
}

Settings::~Settings() = default;

QString Settings::keyName(Key key)
{
    return QString::fromLatin1(entry(key).name);
}

QVariant Settings::defaultValue(Key key)
{
    return entry(key).defaultValue;
}

QVariant Settings::value(Key key) const
{
    const Entry &e = entry(key);
    const QString name = keyName(key);
    const bool userAllowed = e.scope == Scope::MachineOrUser && !(e.lockedByServerLock && isServerLocked());
    if (userAllowed && m_user->contains(name))
        return m_user->value(name);
    if (m_machine->contains(name))
        return m_machine->value(name);
    return e.defaultValue;
}

QUrl Settings::serverUrl() const
{
    return QUrl(value(Key::ServerUrl).toString().trimmed());
}

QString Settings::caCertificateFile() const
{
    return value(Key::CaCertificateFile).toString().trimmed();
}

QList<QPair<QString, QUrl>> Settings::demarcheShortcuts() const
{
    // INI lists are comma-separated: a single entry reads as a string, which toStringList() wraps.
    const QStringList entries = value(Key::DemarcheShortcuts).toStringList();
    QList<QPair<QString, QUrl>> shortcuts;
    for (const QString &entry : entries) {
        const qsizetype bar = entry.indexOf(QLatin1Char('|'));
        const QString label = entry.left(bar).trimmed();
        const QUrl url(entry.mid(bar + 1).trimmed(), QUrl::StrictMode);
        if (bar <= 0 || label.isEmpty() || !url.isValid() || url.host().isEmpty()
            || !(url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http"))) {
            qCWarning(lcSettings) << "ignoring an invalid demarche_shortcuts entry";
            continue;
        }
        shortcuts.append({ label, url });
    }
    return shortcuts;
}

namespace {
QString deviceTokenKey(const QString &email)
{
    return QStringLiteral("device_tokens/")
        + QString::fromLatin1(
            QCryptographicHash::hash(email.trimmed().toLower().toUtf8(), QCryptographicHash::Sha256).toHex());
}
} // namespace

QString Settings::deviceToken(const QString &email) const
{
    return m_user->value(deviceTokenKey(email)).toString();
}

void Settings::setDeviceToken(const QString &email, const QString &token)
{
    m_user->setValue(deviceTokenKey(email), token);
    m_user->sync();
}

namespace {
QString mandatTranslationKey(qint64 usagerId)
{
    return QStringLiteral("mandat_translations/usager_%1").arg(usagerId);
}
} // namespace

QString Settings::mandatTranslation(qint64 usagerId) const
{
    return usagerId > 0 ? m_user->value(mandatTranslationKey(usagerId)).toString() : QString();
}

void Settings::setMandatTranslation(qint64 usagerId, const QString &language)
{
    if (usagerId <= 0)
        return;
    if (language.isEmpty())
        m_user->remove(mandatTranslationKey(usagerId));
    else
        m_user->setValue(mandatTranslationKey(usagerId), language);
    m_user->sync();
}

bool Settings::isServerLocked() const
{
    return m_machine->value(keyName(Key::LockServerUrl), defaultValue(Key::LockServerUrl)).toBool();
}

bool Settings::setUserValue(Key key, const QVariant &value)
{
    const Entry &e = entry(key);
    if (e.scope != Scope::MachineOrUser || (e.lockedByServerLock && isServerLocked())) {
        qCWarning(lcSettings) << "refusing to change" << keyName(key) << "locked by the machine settings";
        return false;
    }
    m_user->setValue(keyName(key), value);
    return true;
}

bool Settings::setServerUrl(const QUrl &url)
{
    return setUserValue(Key::ServerUrl, url.toString());
}

bool Settings::setCaCertificateFile(const QString &path)
{
    return setUserValue(Key::CaCertificateFile, path);
}

void Settings::sync()
{
    m_user->sync();
}

void Settings::setConfigDirOverride(const QString &dir)
{
    overrideDir() = dir;
}

QString Settings::configDirOverride()
{
    return overrideDir();
}
