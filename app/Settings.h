#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>
#include <QVariant>

#include <memory>

class QSettings;

/// Typed client settings: one table of defaults, a machine scope (set by IT) and a user scope.
///
/// Precedence, per key: user value (if the key may be set by the user and the machine scope
/// does not lock it) > machine value > default. The machine scope locks the connection keys
/// (server_url, ca_certificate_file) with `lock_server_url=true`: a workstation deployed by
/// IT then always talks to the server IT chose, whatever is left in the user's file.
///
/// Files: machine scope `/etc/xdg/aidants-connect/aidants-connect.ini` (INI, read-only for
/// the application), user scope `~/.config/aidants-connect/aidants-connect.ini`. Tests point
/// both at `<dir>/machine.conf` and `<dir>/user.conf` with the AC_CONFIG_DIR environment
/// variable or setConfigDirOverride().
class Settings final
{
public:
    enum class Key { ServerUrl, CaCertificateFile, LockServerUrl, DemarcheShortcuts };

    Settings();
    ~Settings();
    Q_DISABLE_COPY_MOVE(Settings)

    QUrl serverUrl() const;
    QString caCertificateFile() const;
    /// The sites offered as shortcuts on the démarche page, as (label, URL), in the configured order.
    /// Configured as a list of "Label|URL" entries (`demarche_shortcuts`, machine or user scope);
    /// entries without a label or an http(s) URL are left out.
    QList<QPair<QString, QUrl>> demarcheShortcuts() const;
    /// True when the machine scope forbids the user to change the connection settings.
    bool isServerLocked() const;

    /// Writes user values; false (and nothing written) when the machine scope locks them.
    bool setServerUrl(const QUrl &url);
    bool setCaCertificateFile(const QString &path);
    /// Flushes the user scope to disk.
    void sync();

    /// The device token the server issued to this workstation for the aidant @p email (empty: none).
    /// It puts this workstation's login attempts in a budget of their own (docs/security.md), so an
    /// attacker elsewhere cannot lock the aidant out here. Stored in the user scope, per aidant
    /// (keyed by the SHA-256 of the normalised email).
    QString deviceToken(const QString &email) const;
    void setDeviceToken(const QString &email, const QString &token);

    /// The language of the translated copy printed with this usager's mandats on this workstation
    /// (MandatTranslation, e.g. "ar"; empty: none). Stored in the user scope, keyed by the usager's
    /// id (never their name).
    QString mandatTranslation(qint64 usagerId) const;
    void setMandatTranslation(qint64 usagerId, const QString &language);

    QVariant value(Key key) const;
    static QString keyName(Key key);
    static QVariant defaultValue(Key key);

    /// Directory holding machine.conf and user.conf instead of the system locations
    /// (empty restores them). Takes precedence over AC_CONFIG_DIR.
    static void setConfigDirOverride(const QString &dir);
    static QString configDirOverride();

private:
    bool setUserValue(Key key, const QVariant &value);

    std::unique_ptr<QSettings> m_machine;
    std::unique_ptr<QSettings> m_user;
};
