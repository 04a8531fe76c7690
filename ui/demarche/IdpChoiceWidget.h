#pragma once

#include "Idp.h"

#include <QWidget>

class QCommandLinkButton;
class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QStackedWidget;
class QVBoxLayout;

/// The aidant's answer to an identity provider request, shown in place of the démarche's site:
/// first the usager (searchable list), then the démarche among those the mandat allows.
///
/// Object names: `usagerSearchLineEdit`, `usagersListWidget` (item data Qt::UserRole: the usager
/// id), `usagersEmptyLabel`, `noMatchLabel`, `changeUsagerPushButton`, one
/// `<code>DemarcheCommandLinkButton` per démarche (property `demarche`), `cancelPushButton`,
/// `choiceErrorLabel`.
class IdpChoiceWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IdpChoiceWidget)

public:
    explicit IdpChoiceWidget(QWidget *parent = nullptr);
    ~IdpChoiceWidget() override;

    /// Shows the usager list of `request` (search cleared, error hidden).
    void setRequest(const IdpRequestInfo &request);
    const IdpRequestInfo &request() const { return m_request; }
    /// Back to the usager list of the current request.
    void showUsagers();
    /// The démarche buttons of `usagerId`; false when the request has no such usager.
    bool showDemarches(qint64 usagerId);
    bool isShowingDemarches() const;
    /// The usager whose démarches are shown (0 on the list).
    qint64 selectedUsagerId() const { return m_usagerId; }
    /// The ids of the usagers the search leaves in the list, in list order.
    QList<qint64> visibleUsagerIds() const;
    /// While the server answers: the controls are disabled.
    void setBusy(bool busy);
    void showError(const QString &message);

    /// The note shown under the démarches and when nobody is listed.
    static QString missingDemarcheNote();

signals:
    /// The aidant picked an usager in the list (their démarches are shown).
    void usagerSelected(qint64 usagerId);
    void demarcheChosen(qint64 usagerId, const QString &demarche);
    void cancelRequested();
    void usagersShown();
    void demarchesShown();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void applySearch();
    void activateCurrentUsager();
    QListWidgetItem *firstVisibleItem() const;

    IdpRequestInfo m_request;
    qint64 m_usagerId = 0;
    QStackedWidget *m_screens = nullptr;
    QWidget *m_usagersScreen = nullptr;
    QLineEdit *m_search = nullptr;
    QListWidget *m_list = nullptr;
    QLabel *m_usagersNote = nullptr;
    QLabel *m_empty = nullptr;
    QLabel *m_createNote = nullptr;
    QLabel *m_noMatch = nullptr;
    QWidget *m_demarchesScreen = nullptr;
    QLabel *m_demarchesIntro = nullptr;
    QPushButton *m_changeUsager = nullptr;
    QVBoxLayout *m_buttonsLayout = nullptr;
    QList<QCommandLinkButton *> m_demarcheButtons;
    QPushButton *m_cancel = nullptr;
    QLabel *m_error = nullptr;
};
